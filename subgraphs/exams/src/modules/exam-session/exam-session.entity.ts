import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** One province's 专升本 exam of one year: what candidates register for. */
@Entity({ tableName: 'exam_session' })
@Unique({ properties: ['province', 'examYear'] })
@ObjectType({ description: "One province's 专升本 exam of one year (考试), the thing candidates register for." })
@Directive('@key(fields: "id")')
export class ExamSession {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'string', length: 16 })
  @Field(() => ID, { description: 'Province code and exam year, e.g. `CN-SD-2023`.' })
  id: string;

  @Property({ type: 'string', length: 8 })
  @Index()
  @Field(() => String, { description: 'ISO 3166-2:CN code of the province, e.g. `CN-NM`.' })
  province: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => String, { description: 'Name of the province, e.g. 内蒙古自治区.' })
  provinceName: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The exam year.' })
  examYear: number;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Official name of the exam, e.g. 山东省2023年普通高等教育专科升本科招生考试.' })
  title: string;

  @Property({ type: 'string', length: 80 })
  @Field(() => String, { description: 'The exam authority that runs registration (教育考试院).' })
  authority: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'Content hash of the rule set version this session follows.' })
  ruleSetHash: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
