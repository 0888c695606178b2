import { PortableMigration } from '@zsb/platform';

export class Migration20261121064906_decision_record extends PortableMigration {
  readonly statements = {
    sqlite: [
      "create table `decision_record` (`id` text not null, `decision` text not null, `rule_set_id` text not null, `rule_set_hash` text not null, `subject_type` text not null, `subject_id` text not null, `facts` json not null, `outcome` json not null, `decided_at` datetime not null, `superseded_at` datetime null, `supersedes` text null, primary key (`id`))",
      "create index `decision_record_rule_set_id_decision_index` on `decision_record` (`rule_set_id`, `decision`)",
    ],
    postgresql: [
      "create table \"decision_record\" (\"id\" uuid not null, \"decision\" varchar(40) not null, \"rule_set_id\" varchar(16) not null, \"rule_set_hash\" varchar(64) not null, \"subject_type\" varchar(40) not null, \"subject_id\" varchar(80) not null, \"facts\" jsonb not null, \"outcome\" jsonb not null, \"decided_at\" timestamptz not null, \"superseded_at\" timestamptz null, \"supersedes\" uuid null, constraint \"decision_record_pkey\" primary key (\"id\"))",
      "create index \"decision_record_rule_set_id_decision_index\" on \"decision_record\" (\"rule_set_id\", \"decision\")",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "drop table if exists \"decision_record\" cascade",
    ],
  };
}
