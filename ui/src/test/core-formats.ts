// For unit tests: the number marks as the core has them (the app receives
// them from the core at start-up), read from the core's own catalogue.
import catalogue from '../../../assets/i18n/messages.json';
import { setNumberFormats } from '../lib/i18n';

const group: Record<string, string> = catalogue['number.group'];
const decimal: Record<string, string> = catalogue['number.decimal'];
setNumberFormats(Object.fromEntries(Object.keys(group).map((l) => [l, { group: group[l], decimal: decimal[l] }])));
