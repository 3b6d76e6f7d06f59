import type { AuditQuery, AuditRecordView, BerthApiError } from '@berth/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { berth, toBerthApiError } from '../../../api/berth';

export const AUDIT_PAGE_SIZE = 50;

/** The team's audit log, newest first, a page at a time, with the filters the API takes. */
export const useAuditStore = defineStore('audit', () => {
  const items = ref<AuditRecordView[]>([]);
  const total = ref(0);
  const filters = ref<AuditQuery>({});
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  let latestTicket = 0;

  async function load(query: AuditQuery = filters.value, offset = 0): Promise<void> {
    const ticket = ++latestTicket;
    filters.value = query;
    loading.value = true;
    try {
      const page = await berth.audit.list({ ...clean(query), offset, limit: AUDIT_PAGE_SIZE });
      if (ticket !== latestTicket) return;
      items.value = offset === 0 ? page.items : [...items.value, ...page.items];
      total.value = page.total;
      error.value = null;
    } catch (caught) {
      if (ticket === latestTicket) error.value = toBerthApiError(caught);
    } finally {
      if (ticket === latestTicket) {
        loading.value = false;
        loaded.value = true;
      }
    }
  }

  function more(): Promise<void> {
    return load(filters.value, items.value.length);
  }

  /** The export link for the current filters (the session cookie authenticates the download). */
  function exportUrl(): string {
    return berth.audit.exportUrl(clean(filters.value));
  }

  return { items, total, filters, loading, loaded, error, load, more, exportUrl };
});

/** Empty inputs mean "any": they are not sent. */
export function clean(query: AuditQuery): AuditQuery {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as AuditQuery;
}
