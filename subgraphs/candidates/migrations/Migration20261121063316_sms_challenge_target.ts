import { PortableMigration } from '@zsb/platform';

/**
 * SMS challenges are bound to a target (`phone:…` or `id:…`) and may be decoys without a phone. Challenges live ten
 * minutes, so the table is rebuilt rather than altered: codes in flight during the upgrade are simply asked again.
 */
export class Migration20261121063316_sms_challenge_target extends PortableMigration {
  readonly statements = {
    sqlite: [
      'drop table `sms_challenge`',
      'create table `sms_challenge` (`id` text not null, `province` text not null, `target` text not null, `phone` text null, `purpose` text not null, `code_hash` text not null, `attempts` integer not null default 0, `expires_at` datetime not null, `used_at` datetime null, `created_at` datetime not null, primary key (`id`))',
      'create index `sms_challenge_expires_at_index` on `sms_challenge` (`expires_at`)',
      'create index `sms_challenge_province_target_purpose_index` on `sms_challenge` (`province`, `target`, `purpose`)',
    ],
    postgresql: [
      'drop table "sms_challenge"',
      'create table "sms_challenge" ("id" uuid not null, "province" varchar(8) not null, "target" varchar(80) not null, "phone" varchar(20) null, "purpose" varchar(20) not null, "code_hash" varchar(64) not null, "attempts" int not null default 0, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, constraint "sms_challenge_pkey" primary key ("id"))',
      'create index "sms_challenge_expires_at_index" on "sms_challenge" ("expires_at")',
      'create index "sms_challenge_province_target_purpose_index" on "sms_challenge" ("province", "target", "purpose")',
    ],
  };
}
