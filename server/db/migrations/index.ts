import { sql as init } from './001_init';
import { sql as caseNumbers } from './002_case_numbers';
import { sql as deadlinesStock } from './003_deadlines_stock';
import { sql as pullScopes } from './004_pull_scopes';
import { sql as commandTrust } from './005_command_trust';
import { sql as parcels } from './006_parcels';
import { sql as siteAdmin } from './007_site_admin';
import { sql as noticeReads } from './008_notice_reads';
import { sql as orderDocs } from './009_order_docs';
import { sql as docText } from './010_doc_text';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Every migration, in order. Modules rather than .sql files so that bundling the server (the
 * desktop app embeds it) needs no file copying. Only append; never edit an applied migration.
 */
export const migrations: readonly Migration[] = [
  { version: 1, name: '001_init', sql: init },
  { version: 2, name: '002_case_numbers', sql: caseNumbers },
  { version: 3, name: '003_deadlines_stock', sql: deadlinesStock },
  { version: 4, name: '004_pull_scopes', sql: pullScopes },
  { version: 5, name: '005_command_trust', sql: commandTrust },
  { version: 6, name: '006_parcels', sql: parcels },
  { version: 7, name: '007_site_admin', sql: siteAdmin },
  { version: 8, name: '008_notice_reads', sql: noticeReads },
  { version: 9, name: '009_order_docs', sql: orderDocs },
  { version: 10, name: '010_doc_text', sql: docText },
];
