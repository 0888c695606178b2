import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.ts';
import { PlatformClockReading } from '../registration/registration.types.ts';
import { clockMessage } from './demo-clock.ts';

@Resolver()
export class PlatformClockResolver {
  @Query(() => PlatformClockReading, { description: 'The time registration windows are checked against, for a province; in development it may be a demonstration clock, which every page must say.' })
  platformClock(@Arg('province', () => String, { nullable: true, description: "Province code; the signed-in candidate's province when omitted." }) province: string | undefined, @Ctx() ctx: Context): PlatformClockReading {
    const principal = ctx.caller.principal;
    const code = province ?? (principal.kind === 'candidate' ? principal.province : undefined);
    const reading = ctx.clock.reading(code);
    const set = code ? ctx.rules.current(code, reading.now) : undefined;
    return { province: code, now: reading.now, simulated: reading.simulated, source: reading.source, message: reading.simulated ? clockMessage(reading.now, set?.parameters.timeZone ?? 'Asia/Shanghai') : undefined };
  }
}
