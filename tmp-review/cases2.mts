import { createSigner } from 'fast-jwt';
export default async ({ app, doc, admin, H, PW, config }: any) => {
  const A = H(admin.accessToken);
  for (const [s, e] of [['0000-01-01T00:00:00+01:00', '0000-01-02T00:00:00Z'], ['9999-12-31T20:00:00-05:00', '9999-12-31T23:59:59Z']]) {
    const r = await app.inject({ method: 'POST', url: `/api/doctors/${doc.id}/unavailability`, payload: { startAt: s, endAt: e }, headers: A });
    console.log('unav', s, r.statusCode, r.body.slice(0, 150));
  }
  const l = await app.inject({ method: 'GET', url: `/api/doctors/${doc.id}/unavailability`, headers: A });
  console.log('list', l.statusCode, l.body.slice(0, 300));
  // refresh race
  let lost = 0, survived = 0;
  for (let trial = 0; trial < 20; trial++) {
    const lg = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'rec@x.example', password: PW } })).json();
    const rs = await Promise.all(Array.from({ length: 2 }, () => app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: lg.refreshToken } })));
    const ok = rs.filter((r: any) => r.statusCode === 200);
    for (const w of ok) {
      const again = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: w.json().refreshToken } });
      if (again.statusCode === 200) survived++; else lost++;
    }
  }
  console.log('race: winner new token still usable after concurrent reuse:', survived, 'revoked:', lost);
  // jwt without iss
  const sign = createSigner({ key: config.jwtSecret, expiresIn: 60000 });
  const t = sign({ sub: admin.user.id, role: 'admin', email: 'x', fn: 'a', ln: 'b' });
  const r = await app.inject({ method: 'GET', url: '/api/me', headers: H(t) });
  console.log('no-iss token', r.statusCode, r.body.slice(0, 100));
  // deactivated user's access token
  const u = (await app.inject({ method: 'POST', url: '/api/users', payload: { email: 'gone@x.example', password: PW, role: 'receptionist', firstName: 'G', lastName: 'O' }, headers: A })).json();
  const gl = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'gone@x.example', password: PW } })).json();
  const d = await app.inject({ method: 'DELETE', url: `/api/users/${u.id}`, headers: A });
  const after = await app.inject({ method: 'GET', url: '/api/patients', headers: H(gl.accessToken) });
  console.log('delete', d.statusCode, 'deactivated user access token still works:', after.statusCode);
  const re = await app.inject({ method: 'POST', url: '/api/users', payload: { email: 'gone@x.example', password: PW, role: 'receptionist', firstName: 'G', lastName: 'O' }, headers: A });
  console.log('recreate deleted email', re.statusCode, re.body.slice(0, 120));
  // login per-account limiter race: 30 concurrent wrong passwords on limit 10
  const rs = await Promise.all(Array.from({ length: 30 }, () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'doc@x.example', password: 'wrong-password-x' } })));
  const counts: Record<number, number> = {};
  for (const x of rs) counts[x.statusCode] = (counts[x.statusCode] ?? 0) + 1;
  console.log('30 concurrent bad logins with per-account limit 10:', counts);
  // timing: unknown vs known
  const time = async (email: string) => { const t0 = performance.now(); await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'wrong-password-y' } }); return performance.now() - t0; };
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < 6; i++) { a.push(await time(`nobody${i}@x.example`)); b.push(await time('admin@x.example')); }
  console.log('unknown ms', a.map((x) => x.toFixed(0)).join(','), ' known ms', b.map((x) => x.toFixed(0)).join(','));
};
