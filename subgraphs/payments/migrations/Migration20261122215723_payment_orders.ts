import { PortableMigration } from '@zsb/platform';

export class Migration20261122215723_payment_orders extends PortableMigration {
  readonly statements = {
    sqlite: [
      "create table `outbox_message` (`id` text not null, `topic` text not null, `payload` json not null, `created_at` datetime not null, `attempts` integer not null default 0, `next_attempt_at` datetime not null, `locked_until` datetime null, `delivered_at` datetime null, `last_error` text null, primary key (`id`))",
      "create index `outbox_message_delivered_at_next_attempt_at_index` on `outbox_message` (`delivered_at`, `next_attempt_at`)",
      "create table `payment_refund` (`id` text not null, `order_id` text not null, `refund_no` text not null, `amount_fen` integer not null, `status` text not null default 'PENDING', `cause` text not null, `reason` text not null, `actor` text not null, `requested_at` datetime not null, `completed_at` datetime null, `failure` text null, primary key (`id`))",
      "create unique index `payment_refund_order_id_unique` on `payment_refund` (`order_id`)",
      "create unique index `payment_refund_refund_no_unique` on `payment_refund` (`refund_no`)",
      "create table `payment_request_key` (`id` text not null, `account_id` text not null, `client_key` text not null, `request_hash` text not null, `order_id` text not null, `created_at` datetime not null, primary key (`id`))",
      "create unique index `payment_request_key_account_id_client_key_unique` on `payment_request_key` (`account_id`, `client_key`)",
      "alter table `payment_order` add column `order_no` text not null",
      "alter table `payment_order` add column `registration_id` text not null",
      "alter table `payment_order` add column `quote_lines` json not null",
      "alter table `payment_order` add column `quote_hash` text not null",
      "alter table `payment_order` add column `rule_set_hash` text not null",
      "alter table `payment_order` add column `open_key` text null",
      "alter table `payment_order` add column `device` text not null default 'desktop'",
      "alter table `payment_order` add column `channel_trade_no` text null",
      "alter table `payment_order` add column `settled_by` text null",
      "alter table `payment_order` add column `handed_over_at` datetime null",
      "alter table `payment_order` add column `hand_over_refusal` text null",
      "alter table `payment_order` add column `next_check_at` datetime null",
      "alter table `payment_order` add column `check_attempts` integer not null default 0",
      "alter table `payment_order` add column `check_claimed_until` datetime null",
      "create unique index `payment_order_order_no_unique` on `payment_order` (`order_no`)",
      "create index `payment_order_registration_id_index` on `payment_order` (`registration_id`)",
      "create unique index `payment_order_open_key_unique` on `payment_order` (`open_key`)",
      "create index `payment_order_status_next_check_at_index` on `payment_order` (`status`, `next_check_at`)",
    ],
    postgresql: [
      "create table \"outbox_message\" (\"id\" uuid not null, \"topic\" varchar(60) not null, \"payload\" jsonb not null, \"created_at\" timestamptz not null, \"attempts\" int not null default 0, \"next_attempt_at\" timestamptz not null, \"locked_until\" timestamptz null, \"delivered_at\" timestamptz null, \"last_error\" varchar(500) null, constraint \"outbox_message_pkey\" primary key (\"id\"))",
      "create index \"outbox_message_delivered_at_next_attempt_at_index\" on \"outbox_message\" (\"delivered_at\", \"next_attempt_at\")",
      "create table \"payment_refund\" (\"id\" uuid not null, \"order_id\" uuid not null, \"refund_no\" varchar(32) not null, \"amount_fen\" int not null, \"status\" varchar(16) not null default 'PENDING', \"cause\" varchar(32) not null, \"reason\" varchar(200) not null, \"actor\" varchar(120) not null, \"requested_at\" timestamptz not null, \"completed_at\" timestamptz null, \"failure\" varchar(200) null, constraint \"payment_refund_pkey\" primary key (\"id\"))",
      "alter table \"payment_refund\" add constraint \"payment_refund_order_id_unique\" unique (\"order_id\")",
      "alter table \"payment_refund\" add constraint \"payment_refund_refund_no_unique\" unique (\"refund_no\")",
      "create table \"payment_request_key\" (\"id\" uuid not null, \"account_id\" uuid not null, \"client_key\" varchar(64) not null, \"request_hash\" varchar(64) not null, \"order_id\" uuid not null, \"created_at\" timestamptz not null, constraint \"payment_request_key_pkey\" primary key (\"id\"))",
      "alter table \"payment_request_key\" add constraint \"payment_request_key_account_id_client_key_unique\" unique (\"account_id\", \"client_key\")",
      "alter table \"payment_order\" add column \"order_no\" varchar(32) not null, add column \"registration_id\" varchar(64) not null, add column \"quote_lines\" jsonb not null, add column \"quote_hash\" varchar(64) not null, add column \"rule_set_hash\" varchar(64) not null, add column \"open_key\" varchar(140) null, add column \"device\" varchar(8) not null default 'desktop', add column \"channel_trade_no\" varchar(64) null, add column \"settled_by\" varchar(16) null, add column \"handed_over_at\" timestamptz null, add column \"hand_over_refusal\" varchar(60) null, add column \"next_check_at\" timestamptz null, add column \"check_attempts\" int not null default 0, add column \"check_claimed_until\" timestamptz null",
      "alter table \"payment_order\" add constraint \"payment_order_order_no_unique\" unique (\"order_no\")",
      "create index \"payment_order_registration_id_index\" on \"payment_order\" (\"registration_id\")",
      "alter table \"payment_order\" add constraint \"payment_order_open_key_unique\" unique (\"open_key\")",
      "create index \"payment_order_status_next_check_at_index\" on \"payment_order\" (\"status\", \"next_check_at\")",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "drop table if exists \"outbox_message\" cascade",
      "drop table if exists \"payment_refund\" cascade",
      "drop table if exists \"payment_request_key\" cascade",
      "alter table \"payment_order\" drop constraint \"payment_order_order_no_unique\"",
      "drop index \"payment_order_registration_id_index\"",
      "alter table \"payment_order\" drop constraint \"payment_order_open_key_unique\"",
      "drop index \"payment_order_status_next_check_at_index\"",
      "alter table \"payment_order\" drop column \"order_no\", drop column \"registration_id\", drop column \"quote_lines\", drop column \"quote_hash\", drop column \"rule_set_hash\", drop column \"open_key\", drop column \"device\", drop column \"channel_trade_no\", drop column \"settled_by\", drop column \"handed_over_at\", drop column \"hand_over_refusal\", drop column \"next_check_at\", drop column \"check_attempts\", drop column \"check_claimed_until\"",
    ],
  };
}
