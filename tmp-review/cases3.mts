export default async ({ app, loc, doc, admin, H, PW }: any) => {
  const A = H(admin.accessToken);
  const tally = (rs: any[]) => { const c: Record<string, number> = {}; for (const r of rs) { const k = `${r.statusCode}${r.statusCode >= 500 ? '' : ''}`; c[k] = (c[k] ?? 0) + 1; } return c; };
  // concurrent schedule replace
  for (let t = 0; t < 3; t++) {
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => app.inject({ method: 'PUT', url: `/api/doctors/${doc.id}/schedule`, headers: A, payload: { rules: [{ weekday: 1 + (i % 5), start: '09:00', end: '17:00', locationId: loc.id }, { weekday: 6, start: '09:00', end: '12:00', locationId: loc.id }] } })));
    console.log('concurrent PUT schedule', tally(rs), rs.find((r: any) => r.statusCode >= 500)?.body?.slice(0, 100) ?? '');
  }
  // concurrent doctor create with same new specialty
  for (let t = 0; t < 3; t++) {
    const spec = `Spec${Date.now()}${t}`;
    const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => app.inject({ method: 'POST', url: '/api/doctors', headers: A, payload: { firstName: 'a', lastName: 'b', email: `c${t}_${i}_${Date.now()}@x.example`, password: PW, specialization: spec, licenseNumber: `LN-${t}-${i}-${Date.now()}`, locationId: loc.id, room: '1', consultationMinutes: 15 } })));
    console.log('concurrent doctor create same new specialty', tally(rs));
  }
  // concurrent same email users
  const rs = await Promise.all(Array.from({ length: 5 }, () => app.inject({ method: 'POST', url: '/api/users', headers: A, payload: { email: 'same@x.example', password: PW, role: 'receptionist', firstName: 'a', lastName: 'b' } })));
  console.log('concurrent same email', tally(rs));
  // big body
  const big = await app.inject({ method: 'POST', url: '/api/locations', headers: { ...A, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }) });
  console.log('big', big.statusCode, big.body.slice(0, 120));
  const nested = await app.inject({ method: 'POST', url: '/api/locations', headers: { ...A, 'content-type': 'application/json' }, payload: '['.repeat(100000) + ']'.repeat(100000) });
  console.log('nested', nested.statusCode, nested.body.slice(0, 120));
  const ct = await app.inject({ method: 'POST', url: '/api/locations', headers: { ...A, 'content-type': 'application/json; charset=utf-16' }, payload: '{}' });
  console.log('charset', ct.statusCode, ct.body.slice(0, 160));
  const long = await app.inject({ method: 'GET', url: '/api/doctors/' + 'A'.repeat(300), headers: A });
  console.log('long param', long.statusCode, long.body.slice(0, 160));
  const opt = await app.inject({ method: 'OPTIONS', url: '/api/doctors', headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' } });
  console.log('options', opt.statusCode, JSON.stringify(opt.headers).slice(0, 200));
  const root = await app.inject({ method: 'GET', url: '/api/me', headers: A });
  console.log('headers', JSON.stringify(root.headers));
  const nf = await app.inject({ method: 'GET', url: '/nope', headers: A });
  console.log('nf', nf.statusCode, JSON.stringify(nf.headers).slice(0, 300));
  const docs = await app.inject({ method: 'GET', url: '/docs/static/index.html' });
  console.log('docs', docs.statusCode, docs.headers['content-security-policy']);
  const docs2 = await app.inject({ method: 'GET', url: '/docs' });
  console.log('docs', docs2.statusCode, docs2.headers['content-security-policy'], docs2.headers.location);
  const ind = await app.inject({ method: 'GET', url: '/' });
  console.log('index', ind.statusCode, ind.headers['content-security-policy']);
};
