import type { AuditQuery, AuditRecordView } from '@berth/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { berth } from '../../../api/berth';
import { useListResource } from '../../../composables/use-list-resource';

export const AUDIT_PAGE_SIZE = 50;

/** The team's audit log, newest first, a page at a time, with the filters the API takes. */
export const useAuditStore = defineStore('audit', () => {
  const list = useListResource<AuditRecordView>((record) => record.id);
  const total = ref(0);
  const filters = ref<AuditQuery>({});

  function load(query: AuditQuery = filters.value, offset = 0): Promise<void> {
    filters.value = query;
    return list.loadLatest(
      () => berth.audit.list({ ...clean(query), offset, limit: AUDIT_PAGE_SIZE }),
      (page) => {
        list.items.value = offset === 0 ? page.items : [...list.items.value, ...page.items];
        total.value = page.total;
      },
    );
  }

  function more(): Promise<void> {
    return load(filters.value, list.items.value.length);
  }

  /** The export link for the current filters (the session cookie authenticates the download). */
  function exportUrl(): string {
    return berth.audit.exportUrl(clean(filters.value));
  }

  const { items, loading, loaded, error } = list;
  return { items, total, filters, loading, loaded, error, load, more, exportUrl };
});

/** Empty inputs mean "any": they are not sent. */
export function clean(query: AuditQuery): AuditQuery {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as AuditQuery;
}
