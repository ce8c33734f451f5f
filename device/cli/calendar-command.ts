import { calendarAnswer, yahrzeitAnswer } from '../calendar/answers.js';
import { parseCalendarArgs, parseYahrzeitArgs } from './calendar-args.js';
import { printJson } from './cli-errors.js';

/** `luach calendar`: the Hebrew date, parasha, holidays and zmanim of a day, as JSON. */
export function calendarCommand(args: string[]): number {
  return printJson(calendarAnswer(parseCalendarArgs(args)));
}

/** `luach yahrzeit`: the observances of a death date between two years, as JSON. */
export function yahrzeitCommand(args: string[]): number {
  return printJson(yahrzeitAnswer(parseYahrzeitArgs(args)));
}
