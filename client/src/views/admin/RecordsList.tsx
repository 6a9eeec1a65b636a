// The frame the audit log and the system log share around their own rows: the filter form's two
// buttons, and the list's states (loading, refused, nothing found) around a newest-first table
// with "Show older entries" under it.
import type { ReactNode } from 'react';
import { Empty, Loading } from '../../components/ui';
import { Problem } from './parts';
import type { useOlderPages } from './records-data';

export function FilterButtons({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <div className="row">
      <button type="submit" className="primary">
        Apply filters
      </button>
      <button type="button" disabled={!filtered} onClick={onClear}>
        Clear filters
      </button>
    </div>
  );
}

interface Props {
  list: ReturnType<typeof useOlderPages<{ id: string; at: string }>>;
  /** "Loading the audit log" */
  loading: string;
  /** What to say when nothing is there at all (with no filter). */
  nothing: string;
  filtered: boolean;
  caption: string;
  /** The column headings. */
  head: ReactNode;
  /** The rows. */
  children: ReactNode;
}

export function RecordsTable({ list, loading, nothing, filtered, caption, head, children }: Props) {
  return (
    <>
      <Problem error={list.error} />
      {!list.items ? (
        list.error ? null : (
          <Loading what={loading} />
        )
      ) : list.items.length === 0 ? (
        <Empty>{filtered ? 'No entries match these filters.' : nothing}</Empty>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table records-table">
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>{head}</tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
      {list.hasMore ? (
        <div className="row">
          <button type="button" onClick={() => void list.more()} disabled={list.loading}>
            {list.loading ? 'Loading…' : 'Show older entries'}
          </button>
        </div>
      ) : null}
    </>
  );
}
