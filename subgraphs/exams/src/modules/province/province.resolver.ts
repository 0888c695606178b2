import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.ts';
import { Province } from './province.type.ts';

@Resolver(() => Province)
export class ProvinceResolver {
  @Query(() => [Province], { description: 'Provinces whose registration runs on this platform, with the rules in force today.' })
  provinces(@Ctx() ctx: Context): Province[] {
    return ctx.rules.provinces();
  }
}
