import { PortableMigration } from '@zsb/platform';

export class Migration20261122221901_rule_set_publication extends PortableMigration {
  readonly statements = {
    sqlite: [
      "create table `rule_set_publication` (`id` text not null, `rule_set_id` text not null, `sequence` integer not null, `content_hash` text not null, `previous_hash` text null, `published_by` text not null, `published_at` datetime not null, `reason` text not null, `confirmed_placeholders` json not null, `compared` integer null, `changed_outcomes` integer null, primary key (`id`))",
      "create index `rule_set_publication_published_at_index` on `rule_set_publication` (`published_at`)",
      "create unique index `rule_set_publication_rule_set_id_sequence_unique` on `rule_set_publication` (`rule_set_id`, `sequence`)",
    ],
    postgresql: [
      "create table \"rule_set_publication\" (\"id\" uuid not null, \"rule_set_id\" varchar(16) not null, \"sequence\" int not null, \"content_hash\" varchar(64) not null, \"previous_hash\" varchar(64) null, \"published_by\" varchar(80) not null, \"published_at\" timestamptz not null, \"reason\" text not null, \"confirmed_placeholders\" jsonb not null, \"compared\" int null, \"changed_outcomes\" int null, constraint \"rule_set_publication_pkey\" primary key (\"id\"))",
      "create index \"rule_set_publication_published_at_index\" on \"rule_set_publication\" (\"published_at\")",
      "alter table \"rule_set_publication\" add constraint \"rule_set_publication_rule_set_id_sequence_unique\" unique (\"rule_set_id\", \"sequence\")",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "drop table if exists \"rule_set_publication\" cascade",
    ],
  };
}
