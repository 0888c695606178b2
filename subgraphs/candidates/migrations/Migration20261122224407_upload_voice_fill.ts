import { PortableMigration } from '@zsb/platform';

export class Migration20261122224407_upload_voice_fill extends PortableMigration {
  readonly statements = {
    sqlite: [
      "alter table `upload` add column `voice_fill` text null",
    ],
    postgresql: [
      "alter table \"upload\" add column \"voice_fill\" text null",
    ],
  };

  override readonly downStatements = {
    sqlite: [

    ],
    postgresql: [
      "alter table \"upload\" drop column \"voice_fill\"",
    ],
  };
}
