import { PortableMigration } from '@zsb/platform';

export class Migration20261122190702_session_refresh_generation extends PortableMigration {
  readonly statements = {
    sqlite: [
      // SQLite cannot make a column nullable in place: the table is rebuilt, every session kept.
      "create table `session_next` (`id` text not null, `subject_type` text not null, `subject_id` text not null, `refresh_generation` integer not null default 0, `refresh_hash` text null, `created_at` datetime not null, `expires_at` datetime not null, `last_refreshed_at` datetime null, `revoked_at` datetime null, `revoked_reason` text null, `client_ip` text null, primary key (`id`))",
      "insert into `session_next` (`id`, `subject_type`, `subject_id`, `refresh_hash`, `created_at`, `expires_at`, `last_refreshed_at`, `revoked_at`, `revoked_reason`, `client_ip`) select `id`, `subject_type`, `subject_id`, `refresh_hash`, `created_at`, `expires_at`, `last_refreshed_at`, `revoked_at`, `revoked_reason`, `client_ip` from `session`",
      "drop table `session`",
      "alter table `session_next` rename to `session`",
      "create index `session_revoked_at_index` on `session` (`revoked_at`)",
      "create index `session_subject_type_subject_id_index` on `session` (`subject_type`, `subject_id`)",
    ],
    postgresql: [
      "alter table \"session\" drop column \"previous_refresh_hash\"",
      "alter table \"session\" add column \"refresh_generation\" int not null default 0",
      "alter table \"session\" alter column \"refresh_hash\" type varchar(64) using (\"refresh_hash\"::varchar(64))",
      "alter table \"session\" alter column \"refresh_hash\" drop not null",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "alter table \"session\" drop column \"refresh_generation\"",
      "alter table \"session\" add column \"previous_refresh_hash\" varchar(64) null",
      "alter table \"session\" alter column \"refresh_hash\" type varchar(64) using (\"refresh_hash\"::varchar(64))",
      "alter table \"session\" alter column \"refresh_hash\" set not null",
    ],
  };
}
