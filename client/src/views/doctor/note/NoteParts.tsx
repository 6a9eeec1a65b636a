// The fuller note's parts in the editor: the chief complaint and history of present illness
// (before Subjective), the review of systems and physical exam (after the vitals), the
// differential diagnosis and referrals (after the plan). The longer ones fold away in <details>,
// opened when they hold something, so a short visit's note stays short.
import { Field } from '../../../components/ui';
import { FINDINGS, LIKELIHOODS, type MoreDraft, SYSTEMS, URGENCIES } from './more';
import { Rows } from './Rows';

interface Props {
  more: MoreDraft;
  set: (patch: Partial<MoreDraft>) => void;
}

export function Presenting({ more, set }: Props) {
  return (
    <>
      <Field label="Chief complaint">
        <input value={more.chiefComplaint} onChange={(e) => set({ chiefComplaint: e.target.value })} maxLength={500} />
      </Field>
      <Field label="History of present illness">
        <textarea value={more.hpi} onChange={(e) => set({ hpi: e.target.value })} maxLength={10_000} />
      </Field>
    </>
  );
}

export function Examination({ more, set }: Props) {
  const used = Boolean(more.rosText || more.systems.length || more.examText || more.findings.length);
  return (
    <details className="note-more" open={used}>
      <summary>Review of systems and physical exam</summary>
      <Field label="Review of systems">
        <textarea value={more.rosText} onChange={(e) => set({ rosText: e.target.value })} maxLength={10_000} />
      </Field>
      <Rows
        legend="Systems reviewed"
        noun="system"
        rows={more.systems}
        blank={() => ({ system: '', finding: 'normal' as const, note: '' })}
        onChange={(systems) => set({ systems })}
      >
        {(s, n, change) => (
          <>
            <Field label={`System ${n}`}>
              <select value={s.system} onChange={(e) => change({ system: e.target.value })}>
                <option value="">Choose…</option>
                {SYSTEMS.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            </Field>
            <Field label={`System ${n} finding`}>
              <select value={s.finding} onChange={(e) => change({ finding: e.target.value as typeof s.finding })}>
                {FINDINGS.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={`System ${n} remark`}>
              <input value={s.note} onChange={(e) => change({ note: e.target.value })} maxLength={500} />
            </Field>
          </>
        )}
      </Rows>
      <Field label="Physical exam">
        <textarea value={more.examText} onChange={(e) => set({ examText: e.target.value })} maxLength={10_000} />
      </Field>
      <Rows
        legend="Examination findings"
        noun="finding"
        rows={more.findings}
        blank={() => ({ area: '', finding: '', note: '' })}
        onChange={(findings) => set({ findings })}
      >
        {(f, n, change) => (
          <>
            <Field label={`Finding ${n} area`}>
              <input value={f.area} onChange={(e) => change({ area: e.target.value })} maxLength={100} placeholder="Chest" />
            </Field>
            <Field label={`Finding ${n} result`}>
              <input value={f.finding} onChange={(e) => change({ finding: e.target.value })} maxLength={500} />
            </Field>
          </>
        )}
      </Rows>
    </details>
  );
}

export function Onward({ more, set }: Props) {
  const used = Boolean(more.differential.length || more.referrals.length);
  return (
    <details className="note-more" open={used}>
      <summary>Differential diagnosis and referrals</summary>
      <Rows
        legend="Differential diagnosis"
        noun="differential"
        rows={more.differential}
        blank={() => ({ code: '', description: '', likelihood: '' as const })}
        onChange={(differential) => set({ differential })}
      >
        {(d, n, change) => (
          <>
            <Field label={`Differential ${n} ICD-10`}>
              <input value={d.code} onChange={(e) => change({ code: e.target.value })} size={8} />
            </Field>
            <Field label={`Differential ${n} description`}>
              <input value={d.description} onChange={(e) => change({ description: e.target.value })} maxLength={300} />
            </Field>
            <Field label={`Differential ${n} likelihood`}>
              <select value={d.likelihood} onChange={(e) => change({ likelihood: e.target.value as typeof d.likelihood })}>
                {LIKELIHOODS.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </select>
            </Field>
          </>
        )}
      </Rows>
      <Rows
        legend="Referrals"
        noun="referral"
        rows={more.referrals}
        blank={() => ({ specialty: '', reason: '', urgency: 'routine' as const })}
        onChange={(referrals) => set({ referrals })}
      >
        {(r, n, change) => (
          <>
            <Field label={`Referral ${n} specialty`}>
              <input value={r.specialty} onChange={(e) => change({ specialty: e.target.value })} maxLength={100} />
            </Field>
            <Field label={`Referral ${n} reason`}>
              <input value={r.reason} onChange={(e) => change({ reason: e.target.value })} maxLength={1000} />
            </Field>
            <Field label={`Referral ${n} urgency`}>
              <select value={r.urgency} onChange={(e) => change({ urgency: e.target.value as typeof r.urgency })}>
                {URGENCIES.map((u) => (
                  <option key={u.value} value={u.value}>
                    {u.label}
                  </option>
                ))}
              </select>
            </Field>
          </>
        )}
      </Rows>
    </details>
  );
}
