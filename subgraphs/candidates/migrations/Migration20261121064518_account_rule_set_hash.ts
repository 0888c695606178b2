import { PortableMigration } from '@zsb/platform';

export class Migration20261121064518_account_rule_set_hash extends PortableMigration {
  readonly statements = {
    sqlite: [
      "alter table `candidate_account` add column `rule_set_hash` text null",
    ],
    postgresql: [
      "alter table \"candidate_account\" add column \"rule_set_hash\" varchar(64) null",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "alter table \"candidate_account\" drop column \"rule_set_hash\"",
    ],
  };
}
