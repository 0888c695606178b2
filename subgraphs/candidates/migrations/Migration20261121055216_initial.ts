import { PortableMigration } from '@zsb/platform';

export class Migration20261121055216_initial extends PortableMigration {
  readonly statements = {
    sqlite: [
      "create table `audit_entry` (`id` text not null, `at` datetime not null, `actor` text not null, `action` text not null, `subject_type` text not null, `subject_id` text null, `details` json null, `client_ip` text null, `request_id` text null, primary key (`id`))",
      "create index `audit_entry_at_index` on `audit_entry` (`at`)",
      "create index `audit_entry_subject_type_subject_id_index` on `audit_entry` (`subject_type`, `subject_id`)",
      "create table `candidate_account` (`id` text not null, `province` text not null, `id_type` text not null, `id_number` text not null, `phone` text not null, `password_hash` text not null, `name` text null, `roster_entry_id` text null, `created_at` datetime not null, `last_login_at` datetime null, `password_changed_at` datetime null, primary key (`id`))",
      "create index `candidate_account_id_number_index` on `candidate_account` (`id_number`)",
      "create unique index `candidate_account_province_id_type_id_number_unique` on `candidate_account` (`province`, `id_type`, `id_number`)",
      "create table `captcha` (`id` text not null, `answer_hash` text not null, `expires_at` datetime not null, `used_at` datetime null, `created_at` datetime not null, primary key (`id`))",
      "create index `captcha_expires_at_index` on `captcha` (`expires_at`)",
      "create table `partner_key` (`id` text not null, `name` text not null, `secret_hash` text not null, `scopes` json not null, `province` text null, `trusted_operations_only` integer not null default false, `created_at` datetime not null, `revoked_at` datetime null, primary key (`id`))",
      "create table `rate_counter` (`bucket` text not null, `window_start` double not null, `hits` integer not null, `expires_at` double not null, primary key (`bucket`))",
      "create index `rate_counter_expires_at_index` on `rate_counter` (`expires_at`)",
      "create table `roster_entry` (`id` text not null, `province` text not null, `exam_year` integer not null, `id_type` text not null, `id_number` text not null, `name` text not null, `college_code` text not null, `college_name` text not null, `major_code` text not null, `major_name` text not null, `track` text not null, `import_id` text not null, `updated_at` datetime not null, primary key (`id`))",
      "create index `roster_entry_province_exam_year_college_code_index` on `roster_entry` (`province`, `exam_year`, `college_code`)",
      "create unique index `roster_entry_province_exam_year_id_type_id_number_unique` on `roster_entry` (`province`, `exam_year`, `id_type`, `id_number`)",
      "create table `roster_import` (`id` text not null, `province` text not null, `exam_year` integer not null, `file_name` text not null, `row_count` integer not null, `created` integer not null, `updated` integer not null, `imported_by` text not null, `created_at` datetime not null, primary key (`id`))",
      "create table `session` (`id` text not null, `subject_type` text not null, `subject_id` text not null, `refresh_hash` text not null, `previous_refresh_hash` text null, `created_at` datetime not null, `expires_at` datetime not null, `last_refreshed_at` datetime null, `revoked_at` datetime null, `revoked_reason` text null, `client_ip` text null, primary key (`id`))",
      "create index `session_revoked_at_index` on `session` (`revoked_at`)",
      "create index `session_subject_type_subject_id_index` on `session` (`subject_type`, `subject_id`)",
      "create table `sms_challenge` (`id` text not null, `province` text not null, `phone` text not null, `purpose` text not null, `code_hash` text not null, `attempts` integer not null default 0, `expires_at` datetime not null, `used_at` datetime null, `created_at` datetime not null, primary key (`id`))",
      "create index `sms_challenge_expires_at_index` on `sms_challenge` (`expires_at`)",
      "create index `sms_challenge_province_phone_purpose_index` on `sms_challenge` (`province`, `phone`, `purpose`)",
      "create table `staff_member` (`id` text not null, `username` text not null, `display_name` text not null, `role` text not null, `province` text null, `college_code` text null, `password_hash` text not null, `created_at` datetime not null, `disabled_at` datetime null, primary key (`id`))",
      "create unique index `staff_member_username_unique` on `staff_member` (`username`)",
    ],
    postgresql: [
      "create table \"audit_entry\" (\"id\" uuid not null, \"at\" timestamptz not null, \"actor\" varchar(120) not null, \"action\" varchar(80) not null, \"subject_type\" varchar(60) not null, \"subject_id\" varchar(120) null, \"details\" jsonb null, \"client_ip\" varchar(64) null, \"request_id\" varchar(64) null, constraint \"audit_entry_pkey\" primary key (\"id\"))",
      "create index \"audit_entry_at_index\" on \"audit_entry\" (\"at\")",
      "create index \"audit_entry_subject_type_subject_id_index\" on \"audit_entry\" (\"subject_type\", \"subject_id\")",
      "create table \"candidate_account\" (\"id\" uuid not null, \"province\" varchar(8) not null, \"id_type\" varchar(32) not null, \"id_number\" varchar(32) not null, \"phone\" varchar(20) not null, \"password_hash\" varchar(255) not null, \"name\" varchar(60) null, \"roster_entry_id\" uuid null, \"created_at\" timestamptz not null, \"last_login_at\" timestamptz null, \"password_changed_at\" timestamptz null, constraint \"candidate_account_pkey\" primary key (\"id\"))",
      "create index \"candidate_account_id_number_index\" on \"candidate_account\" (\"id_number\")",
      "alter table \"candidate_account\" add constraint \"candidate_account_province_id_type_id_number_unique\" unique (\"province\", \"id_type\", \"id_number\")",
      "create table \"captcha\" (\"id\" uuid not null, \"answer_hash\" varchar(64) not null, \"expires_at\" timestamptz not null, \"used_at\" timestamptz null, \"created_at\" timestamptz not null, constraint \"captcha_pkey\" primary key (\"id\"))",
      "create index \"captcha_expires_at_index\" on \"captcha\" (\"expires_at\")",
      "create table \"partner_key\" (\"id\" varchar(16) not null, \"name\" varchar(80) not null, \"secret_hash\" varchar(64) not null, \"scopes\" jsonb not null, \"province\" varchar(8) null, \"trusted_operations_only\" boolean not null default false, \"created_at\" timestamptz not null, \"revoked_at\" timestamptz null, constraint \"partner_key_pkey\" primary key (\"id\"))",
      "create table \"rate_counter\" (\"bucket\" varchar(200) not null, \"window_start\" double precision not null, \"hits\" int not null, \"expires_at\" double precision not null, constraint \"rate_counter_pkey\" primary key (\"bucket\"))",
      "create index \"rate_counter_expires_at_index\" on \"rate_counter\" (\"expires_at\")",
      "create table \"roster_entry\" (\"id\" uuid not null, \"province\" varchar(8) not null, \"exam_year\" int not null, \"id_type\" varchar(32) not null, \"id_number\" varchar(32) not null, \"name\" varchar(60) not null, \"college_code\" varchar(20) not null, \"college_name\" varchar(80) not null, \"major_code\" varchar(20) not null, \"major_name\" varchar(80) not null, \"track\" varchar(32) not null, \"import_id\" uuid not null, \"updated_at\" timestamptz not null, constraint \"roster_entry_pkey\" primary key (\"id\"))",
      "create index \"roster_entry_province_exam_year_college_code_index\" on \"roster_entry\" (\"province\", \"exam_year\", \"college_code\")",
      "alter table \"roster_entry\" add constraint \"roster_entry_province_exam_year_id_type_id_number_unique\" unique (\"province\", \"exam_year\", \"id_type\", \"id_number\")",
      "create table \"roster_import\" (\"id\" uuid not null, \"province\" varchar(8) not null, \"exam_year\" int not null, \"file_name\" varchar(200) not null, \"row_count\" int not null, \"created\" int not null, \"updated\" int not null, \"imported_by\" varchar(120) not null, \"created_at\" timestamptz not null, constraint \"roster_import_pkey\" primary key (\"id\"))",
      "create table \"session\" (\"id\" uuid not null, \"subject_type\" varchar(16) not null, \"subject_id\" uuid not null, \"refresh_hash\" varchar(64) not null, \"previous_refresh_hash\" varchar(64) null, \"created_at\" timestamptz not null, \"expires_at\" timestamptz not null, \"last_refreshed_at\" timestamptz null, \"revoked_at\" timestamptz null, \"revoked_reason\" varchar(40) null, \"client_ip\" varchar(64) null, constraint \"session_pkey\" primary key (\"id\"))",
      "create index \"session_revoked_at_index\" on \"session\" (\"revoked_at\")",
      "create index \"session_subject_type_subject_id_index\" on \"session\" (\"subject_type\", \"subject_id\")",
      "create table \"sms_challenge\" (\"id\" uuid not null, \"province\" varchar(8) not null, \"phone\" varchar(20) not null, \"purpose\" varchar(20) not null, \"code_hash\" varchar(64) not null, \"attempts\" int not null default 0, \"expires_at\" timestamptz not null, \"used_at\" timestamptz null, \"created_at\" timestamptz not null, constraint \"sms_challenge_pkey\" primary key (\"id\"))",
      "create index \"sms_challenge_expires_at_index\" on \"sms_challenge\" (\"expires_at\")",
      "create index \"sms_challenge_province_phone_purpose_index\" on \"sms_challenge\" (\"province\", \"phone\", \"purpose\")",
      "create table \"staff_member\" (\"id\" uuid not null, \"username\" varchar(60) not null, \"display_name\" varchar(60) not null, \"role\" varchar(20) not null, \"province\" varchar(8) null, \"college_code\" varchar(20) null, \"password_hash\" varchar(255) not null, \"created_at\" timestamptz not null, \"disabled_at\" timestamptz null, constraint \"staff_member_pkey\" primary key (\"id\"))",
      "alter table \"staff_member\" add constraint \"staff_member_username_unique\" unique (\"username\")",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "drop table if exists \"audit_entry\" cascade",
      "drop table if exists \"candidate_account\" cascade",
      "drop table if exists \"captcha\" cascade",
      "drop table if exists \"partner_key\" cascade",
      "drop table if exists \"rate_counter\" cascade",
      "drop table if exists \"roster_entry\" cascade",
      "drop table if exists \"roster_import\" cascade",
      "drop table if exists \"session\" cascade",
      "drop table if exists \"sms_challenge\" cascade",
      "drop table if exists \"staff_member\" cascade",
    ],
  };
}
