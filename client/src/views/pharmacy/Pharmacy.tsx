// The pharmacist's page (/pharmacy): signed prescriptions still to be dispensed, read-only for now
// (number, patient, doctor, medicines, the PDF). Dispensing and stock arrive with the pharmacy issue.
import { useEffect, useState } from 'react';
import { MedicineList } from '../../components/MedicineList';
import { Shell } from '../../components/Shell';
import { Empty, ErrorLine, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Prescription, PrescriptionList, Role, User } from '../../lib/contract';
import { dayAndTime } from '../../lib/datetime';
import { openPdf } from '../../lib/pdf';
import { useUser } from '../../lib/use-user';
import './pharmacy.css';

const ROLES: readonly Role[] = ['pharmacist'];

export default function Pharmacy() {
  const user = useUser(ROLES);
  if (!user) return <Loading what="Opening the pharmacy" />;
  return (
    <Shell user={user} title="Pharmacy">
      <Signed user={user} />
    </Shell>
  );
}

function Signed({ user }: { user: User }) {
  const [list, setList] = useState<Prescription[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pdfError, setPdfError] = useState<unknown>(null);
  useEffect(() => {
    api<PrescriptionList>('GET', '/api/prescriptions?status=active&limit=100')
      .then(({ prescriptions }) => setList(prescriptions))
      .catch(setError);
  }, []);

  return (
    <div className="pharmacy">
      <h1>Signed prescriptions</h1>
      <p className="muted">
        Hello {user.firstName}. These prescriptions are signed and not yet dispensed. The dispensing queue arrives with the pharmacy.
      </p>
      <ErrorLine error={error ?? pdfError} />
      {!list && !error ? <Loading what="Loading signed prescriptions" /> : null}
      {list?.length === 0 ? <Empty>No signed prescriptions waiting.</Empty> : null}
      {list?.length ? (
        <ul className="pharmacy-list" aria-label="Signed prescriptions">
          {list.map((p) => (
            <li key={p.id} className="card" aria-labelledby={`rx-${p.id}`}>
              <h2 id={`rx-${p.id}`}>{p.number}</h2>
              <p>
                <strong>{p.patient.name}</strong> · prescribed by {p.doctor.name} ({p.doctor.licenseNumber})
                {p.signedAt ? ` · signed ${dayAndTime(p.signedAt)}` : ''}
              </p>
              <MedicineList items={p.items} />
              <p className="muted">Fills left: {p.fillsRemaining}</p>
              <button type="button" onClick={() => openPdf(p, 'A4').catch(setPdfError)}>
                PDF of {p.number}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
