import { PortableMigration } from '@zsb/platform';

export class Migration20261122220406_uploads_and_jobs extends PortableMigration {
  readonly statements = {
    sqlite: [
      "create table `job` (`id` text not null, `name` text not null, `key` text null, `data` json not null, `state` text not null default 'queued', `attempts` integer not null default 0, `run_after` datetime not null, `locked_until` datetime null, `locked_by` text null, `last_error` text null, `created_at` datetime not null, `completed_at` datetime null, primary key (`id`))",
      "create index `job_state_run_after_index` on `job` (`state`, `run_after`)",
      "create unique index `job_name_key_unique` on `job` (`name`, `key`)",
      "create table `upload` (`id` text not null, `account_id` text not null, `registration_id` text not null, `province` text not null, `college_code` text null, `field` text not null, `step` text not null, `label` text not null, `kind` text not null, `formats` json not null, `max_bytes` integer not null, `photo_rules` json null, `token_digest` text not null, `expires_at` datetime not null, `status` text not null default 'WAITING', `declared_bytes` integer null, `storage_name` text null, `format` text null, `bytes` integer null, `width` integer null, `height` integer null, `problem_code` text null, `problem_message` text null, `analysis` text null, `step_completed` integer null, `created_at` datetime not null, `received_at` datetime null, `finished_at` datetime null, primary key (`id`))",
      "create index `upload_account_id_index` on `upload` (`account_id`)",
      "create index `upload_status_expires_at_index` on `upload` (`status`, `expires_at`)",
      "create index `upload_registration_id_field_index` on `upload` (`registration_id`, `field`)",
    ],
    postgresql: [
      "create table \"job\" (\"id\" uuid not null, \"name\" varchar(60) not null, \"key\" varchar(200) null, \"data\" jsonb not null, \"state\" varchar(12) not null default 'queued', \"attempts\" int not null default 0, \"run_after\" timestamptz not null, \"locked_until\" timestamptz null, \"locked_by\" varchar(80) null, \"last_error\" varchar(500) null, \"created_at\" timestamptz not null, \"completed_at\" timestamptz null, constraint \"job_pkey\" primary key (\"id\"))",
      "create index \"job_state_run_after_index\" on \"job\" (\"state\", \"run_after\")",
      "alter table \"job\" add constraint \"job_name_key_unique\" unique (\"name\", \"key\")",
      "create table \"upload\" (\"id\" uuid not null, \"account_id\" uuid not null, \"registration_id\" uuid not null, \"province\" varchar(8) not null, \"college_code\" varchar(20) null, \"field\" varchar(60) not null, \"step\" varchar(40) not null, \"label\" varchar(100) not null, \"kind\" varchar(10) not null, \"formats\" jsonb not null, \"max_bytes\" int not null, \"photo_rules\" jsonb null, \"token_digest\" varchar(64) not null, \"expires_at\" timestamptz not null, \"status\" varchar(20) not null default 'WAITING', \"declared_bytes\" int null, \"storage_name\" varchar(80) null, \"format\" varchar(8) null, \"bytes\" int null, \"width\" int null, \"height\" int null, \"problem_code\" varchar(60) null, \"problem_message\" varchar(300) null, \"analysis\" text null, \"step_completed\" boolean null, \"created_at\" timestamptz not null, \"received_at\" timestamptz null, \"finished_at\" timestamptz null, constraint \"upload_pkey\" primary key (\"id\"))",
      "create index \"upload_account_id_index\" on \"upload\" (\"account_id\")",
      "create index \"upload_status_expires_at_index\" on \"upload\" (\"status\", \"expires_at\")",
      "create index \"upload_registration_id_field_index\" on \"upload\" (\"registration_id\", \"field\")",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "drop table if exists \"job\" cascade",
      "drop table if exists \"upload\" cascade",
    ],
  };
}
