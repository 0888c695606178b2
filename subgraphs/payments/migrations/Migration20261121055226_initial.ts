import { PortableMigration } from '@zsb/platform';

export class Migration20261121055226_initial extends PortableMigration {
  readonly statements = {
    sqlite: [
      "create table `audit_entry` (`id` text not null, `at` datetime not null, `actor` text not null, `action` text not null, `subject_type` text not null, `subject_id` text null, `details` json null, `client_ip` text null, `request_id` text null, primary key (`id`))",
      "create index `audit_entry_at_index` on `audit_entry` (`at`)",
      "create index `audit_entry_subject_type_subject_id_index` on `audit_entry` (`subject_type`, `subject_id`)",
      "create table `payment_order` (`id` text not null, `account_id` text not null, `exam_session_id` text not null, `amount_fen` integer not null, `channel` text not null, `status` text not null default 'PENDING', `created_at` datetime not null, `paid_at` datetime null, primary key (`id`))",
      "create index `payment_order_account_id_index` on `payment_order` (`account_id`)",
    ],
    postgresql: [
      "create table \"audit_entry\" (\"id\" uuid not null, \"at\" timestamptz not null, \"actor\" varchar(120) not null, \"action\" varchar(80) not null, \"subject_type\" varchar(60) not null, \"subject_id\" varchar(120) null, \"details\" jsonb null, \"client_ip\" varchar(64) null, \"request_id\" varchar(64) null, constraint \"audit_entry_pkey\" primary key (\"id\"))",
      "create index \"audit_entry_at_index\" on \"audit_entry\" (\"at\")",
      "create index \"audit_entry_subject_type_subject_id_index\" on \"audit_entry\" (\"subject_type\", \"subject_id\")",
      "create table \"payment_order\" (\"id\" uuid not null, \"account_id\" uuid not null, \"exam_session_id\" varchar(16) not null, \"amount_fen\" int not null, \"channel\" varchar(32) not null, \"status\" varchar(16) not null default 'PENDING', \"created_at\" timestamptz not null, \"paid_at\" timestamptz null, constraint \"payment_order_pkey\" primary key (\"id\"))",
      "create index \"payment_order_account_id_index\" on \"payment_order\" (\"account_id\")",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "drop table if exists \"audit_entry\" cascade",
      "drop table if exists \"payment_order\" cascade",
    ],
  };
}
