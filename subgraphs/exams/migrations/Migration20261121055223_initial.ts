import { PortableMigration } from '@zsb/platform';

export class Migration20261121055223_initial extends PortableMigration {
  readonly statements = {
    sqlite: [
      "create table `audit_entry` (`id` text not null, `at` datetime not null, `actor` text not null, `action` text not null, `subject_type` text not null, `subject_id` text null, `details` json null, `client_ip` text null, `request_id` text null, primary key (`id`))",
      "create index `audit_entry_at_index` on `audit_entry` (`at`)",
      "create index `audit_entry_subject_type_subject_id_index` on `audit_entry` (`subject_type`, `subject_id`)",
      "create table `exam_session` (`id` text not null, `province` text not null, `province_name` text not null, `exam_year` integer not null, `title` text not null, `authority` text not null, `rule_set_hash` text not null, `created_at` datetime not null, `updated_at` datetime not null, primary key (`id`))",
      "create index `exam_session_province_index` on `exam_session` (`province`)",
      "create unique index `exam_session_province_exam_year_unique` on `exam_session` (`province`, `exam_year`)",
    ],
    postgresql: [
      "create table \"audit_entry\" (\"id\" uuid not null, \"at\" timestamptz not null, \"actor\" varchar(120) not null, \"action\" varchar(80) not null, \"subject_type\" varchar(60) not null, \"subject_id\" varchar(120) null, \"details\" jsonb null, \"client_ip\" varchar(64) null, \"request_id\" varchar(64) null, constraint \"audit_entry_pkey\" primary key (\"id\"))",
      "create index \"audit_entry_at_index\" on \"audit_entry\" (\"at\")",
      "create index \"audit_entry_subject_type_subject_id_index\" on \"audit_entry\" (\"subject_type\", \"subject_id\")",
      "create table \"exam_session\" (\"id\" varchar(16) not null, \"province\" varchar(8) not null, \"province_name\" varchar(40) not null, \"exam_year\" int not null, \"title\" varchar(120) not null, \"authority\" varchar(80) not null, \"rule_set_hash\" varchar(64) not null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"exam_session_pkey\" primary key (\"id\"))",
      "create index \"exam_session_province_index\" on \"exam_session\" (\"province\")",
      "alter table \"exam_session\" add constraint \"exam_session_province_exam_year_unique\" unique (\"province\", \"exam_year\")",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "drop table if exists \"audit_entry\" cascade",
      "drop table if exists \"exam_session\" cascade",
    ],
  };
}
