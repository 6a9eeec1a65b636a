export default async ({ app, admin, H, db }: any) => {
  const A = H(admin.accessToken);
  const p = await app.inject({ method: 'POST', url: '/api/patients', headers: A, payload: { firstName: 'Zoë', lastName: 'Müller', dateOfBirth: '2000-01-01', phone: '+1 555 123 4567', email: 'Zoe.M@x.example', allergies: ['Latex', 'Pollen'] } });
  console.log(p.statusCode, p.body);
  const s = await app.inject({ method: 'GET', url: '/api/patients?query=zoe', headers: A });
  console.log('search zoe (accent-insens):', s.json().total);
  const s2 = await app.inject({ method: 'GET', url: '/api/patients?query=ZOE.M%40X', headers: A });
  console.log('search upper email:', s2.json().total);
  const s3 = await app.inject({ method: 'GET', url: '/api/patients?query=5551234567', headers: A });
  console.log('search phone digits with 1 prefix:', s3.json().total);
  const s4 = await app.inject({ method: 'GET', url: '/api/patients?query=%2B1%20555%20123', headers: A });
  console.log('search "+1 555 123":', s4.json().total);
  const s5 = await app.inject({ method: 'GET', url: '/api/patients?query=555-123-4567', headers: A });
  console.log('search "555-123-4567":', s5.json().total);
  const s6 = await app.inject({ method: 'GET', url: '/api/patients?query=(555)%20123-4567', headers: A });
  console.log('search "(555) 123-4567":', s6.json().total);
  const [rows] = await (db as any).$client.query('select allergies from patients');
  console.log('raw allergies type', typeof rows[0].allergies);
};
