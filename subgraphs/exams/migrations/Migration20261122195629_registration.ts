import { PortableMigration } from '@zsb/platform';

export class Migration20261122195629_registration extends PortableMigration {
  readonly statements = {
    sqlite: [
      "create table `change_request` (`id` text not null, `registration_id` text not null, `exam_session_id` text not null, `province` text not null, `college_code` text null, `field` text not null, `label` text not null, `values` text not null, `route` text not null, `phase` text not null, `decided_by` text null, `status` text not null default 'PENDING', `requested_at` datetime not null, `decided_at` datetime null, `decider` text null, `reason` text null, `version` integer not null default 1, `created_at` datetime not null, primary key (`id`))",
      "create index `change_request_exam_session_id_status_decided_by_requested_at_index` on `change_request` (`exam_session_id`, `status`, `decided_by`, `requested_at`)",
      "create index `change_request_registration_id_created_at_index` on `change_request` (`registration_id`, `created_at`)",
      "create table `outbox_message` (`id` text not null, `topic` text not null, `payload` json not null, `created_at` datetime not null, `attempts` integer not null default 0, `next_attempt_at` datetime not null, `locked_until` datetime null, `delivered_at` datetime null, `last_error` text null, primary key (`id`))",
      "create index `outbox_message_delivered_at_next_attempt_at_index` on `outbox_message` (`delivered_at`, `next_attempt_at`)",
      "create table `registration` (`id` text not null, `account_id` text not null, `exam_session_id` text not null, `province` text not null, `rule_set_id` text not null, `rule_set_hash` text not null, `status` text not null default 'IN_PROGRESS', `next_step` text null, `state` json not null, `personal` text not null, `college_code` text null, `exam_city` text null, `candidate_type` text null, `review_role` text null, `submitted_at` datetime null, `pledge_acknowledged_at` datetime null, `version` integer not null default 1, `created_at` datetime not null, `updated_at` datetime not null, primary key (`id`))",
      "create index `registration_exam_session_id_review_role_submitted_at_index` on `registration` (`exam_session_id`, `review_role`, `submitted_at`)",
      "create index `registration_exam_session_id_college_code_status_index` on `registration` (`exam_session_id`, `college_code`, `status`)",
      "create index `registration_exam_session_id_status_created_at_index` on `registration` (`exam_session_id`, `status`, `created_at`)",
      "create unique index `registration_account_id_exam_session_id_unique` on `registration` (`account_id`, `exam_session_id`)",
      "create table `rule_set_version` (`content_hash` text not null, `rule_set_id` text not null, `content` json not null, `created_at` datetime not null, primary key (`content_hash`))",
    ],
    postgresql: [
      "create table \"change_request\" (\"id\" uuid not null, \"registration_id\" uuid not null, \"exam_session_id\" varchar(16) not null, \"province\" varchar(8) not null, \"college_code\" varchar(20) null, \"field\" varchar(60) not null, \"label\" varchar(80) not null, \"values\" text not null, \"route\" varchar(16) not null, \"phase\" varchar(20) not null, \"decided_by\" varchar(24) null, \"status\" varchar(12) not null default 'PENDING', \"requested_at\" timestamptz not null, \"decided_at\" timestamptz null, \"decider\" varchar(120) null, \"reason\" varchar(300) null, \"version\" int not null default 1, \"created_at\" timestamptz not null, constraint \"change_request_pkey\" primary key (\"id\"))",
      "create index \"change_request_exam_session_id_status_decided_by_r_7e03e_index\" on \"change_request\" (\"exam_session_id\", \"status\", \"decided_by\", \"requested_at\")",
      "create index \"change_request_registration_id_created_at_index\" on \"change_request\" (\"registration_id\", \"created_at\")",
      "create table \"outbox_message\" (\"id\" uuid not null, \"topic\" varchar(60) not null, \"payload\" jsonb not null, \"created_at\" timestamptz not null, \"attempts\" int not null default 0, \"next_attempt_at\" timestamptz not null, \"locked_until\" timestamptz null, \"delivered_at\" timestamptz null, \"last_error\" varchar(500) null, constraint \"outbox_message_pkey\" primary key (\"id\"))",
      "create index \"outbox_message_delivered_at_next_attempt_at_index\" on \"outbox_message\" (\"delivered_at\", \"next_attempt_at\")",
      "create table \"registration\" (\"id\" uuid not null, \"account_id\" uuid not null, \"exam_session_id\" varchar(16) not null, \"province\" varchar(8) not null, \"rule_set_id\" varchar(16) not null, \"rule_set_hash\" varchar(64) not null, \"status\" varchar(16) not null default 'IN_PROGRESS', \"next_step\" varchar(32) null, \"state\" jsonb not null, \"personal\" text not null, \"college_code\" varchar(20) null, \"exam_city\" varchar(12) null, \"candidate_type\" varchar(40) null, \"review_role\" varchar(24) null, \"submitted_at\" timestamptz null, \"pledge_acknowledged_at\" timestamptz null, \"version\" int not null default 1, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"registration_pkey\" primary key (\"id\"))",
      "create index \"registration_exam_session_id_review_role_submitted_at_index\" on \"registration\" (\"exam_session_id\", \"review_role\", \"submitted_at\")",
      "create index \"registration_exam_session_id_college_code_status_index\" on \"registration\" (\"exam_session_id\", \"college_code\", \"status\")",
      "create index \"registration_exam_session_id_status_created_at_index\" on \"registration\" (\"exam_session_id\", \"status\", \"created_at\")",
      "alter table \"registration\" add constraint \"registration_account_id_exam_session_id_unique\" unique (\"account_id\", \"exam_session_id\")",
      "create table \"rule_set_version\" (\"content_hash\" varchar(64) not null, \"rule_set_id\" varchar(16) not null, \"content\" jsonb not null, \"created_at\" timestamptz not null, constraint \"rule_set_version_pkey\" primary key (\"content_hash\"))",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "drop table if exists \"change_request\" cascade",
      "drop table if exists \"outbox_message\" cascade",
      "drop table if exists \"registration\" cascade",
      "drop table if exists \"rule_set_version\" cascade",
    ],
  };
}
