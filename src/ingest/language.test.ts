import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { assertEnglish } from './language.ts';

const ENGLISH = {
  council:
    'The city council voted on Tuesday to raise bus fares by ten percent, the first increase in six years. ' +
    'Officials said the money would pay for new electric buses, while opposition members argued that riders ' +
    'had not been consulted before the vote.',
  europeanNames:
    'Jens Stoltenberg met Olaf Scholz, Ursula von der Leyen and Volodymyr Zelenskyy in Brussels on Thursday, ' +
    'according to Reuters. Kaja Kallas, Annalena Baerbock and Radosław Sikorski also attended the summit at ' +
    'Zaventem, where Wopke Hoekstra and Dragoș Pîslaru spoke.',
  asianNames:
    'Nguyen Van Thanh, Tran Thi Mai and Le Quang Huy of Vietcombank told VnExpress that lenders in Hanoi and ' +
    'Ho Chi Minh City would cut rates. Pham Minh Chinh, Nguyen Chi Dung and Ho Duc Phoc welcomed the move in ' +
    'Da Nang on Friday, Tuoi Tre reported.',
  quotesAndNumbers:
    '“We will not back down,” said Amara Okonkwo-Bello, 47, a nurse at St Thomas’ Hospital. Unison says 62% of ' +
    'its 1.3m members voted for strikes; the NHS Confederation, NHS Providers and the BMA did not respond. The ' +
    'Department of Health said talks would resume on 14 March.',
  foreignQuote:
    '“Nous ne céderons pas,” a déclaré la ministre. The French labour minister told reporters in Paris that the ' +
    'government would not withdraw the pension bill, despite a third week of strikes that closed refineries and ' +
    'cut train services across the country, according to union figures.',
};

const FOREIGN: Record<string, [string, RegExp]> = {
  French: [
    'Le conseil municipal a voté mardi une hausse de dix pour cent du prix des billets de bus, la première ' +
      'augmentation depuis six ans. Les responsables ont déclaré que cet argent servirait à acheter des bus ' +
      'électriques, tandis que l’opposition dénonçait une décision prise sans consultation.',
    /French/,
  ],
  German: [
    'Der Stadtrat hat am Dienstag beschlossen, die Busfahrpreise um zehn Prozent zu erhöhen, die erste Erhöhung ' +
      'seit sechs Jahren. Die Verantwortlichen sagten, das Geld werde für neue Elektrobusse verwendet, während die ' +
      'Opposition kritisierte, die Fahrgäste seien nicht gefragt worden.',
    /German/,
  ],
  Spanish: [
    'El ayuntamiento votó el martes a favor de subir las tarifas de autobús un diez por ciento, la primera subida ' +
      'en seis años. Los responsables dijeron que el dinero se destinaría a comprar autobuses eléctricos, mientras ' +
      'la oposición criticó que no se consultara a los usuarios.',
    /Spanish/,
  ],
  Russian: [
    'Городской совет во вторник проголосовал за повышение стоимости проезда в автобусах на десять процентов, это ' +
      'первое повышение за шесть лет. Чиновники заявили, что деньги пойдут на новые электробусы, а оппозиция ' +
      'возразила, что с пассажирами никто не советовался.',
    /Russian/,
  ],
};

function messageOf(action: () => void): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError && error.code === 'not-english') return error.message;
    throw error;
  }
  return undefined;
}

describe('assertEnglish', () => {
  for (const [name, text] of Object.entries(ENGLISH)) {
    it(`accepts English news text: ${name}`, () => {
      expect(() => assertEnglish(text)).not.toThrow();
    });
  }

  for (const [language, [text, named]] of Object.entries(FOREIGN)) {
    it(`refuses ${language} and names the language`, () => {
      const message = messageOf(() => assertEnglish(text, 'story.txt'));
      expect(message).toMatch(named);
      expect(message).toMatch(/^story\.txt looks like .+ text; claimtrail analyzes English articles only$/);
    });
  }

  it('lets short and undetermined texts pass', () => {
    expect(() => assertEnglish('Le ministre a démissionné hier soir.')).not.toThrow();
    expect(() => assertEnglish('12 345 678 — 90 % — 2026-03-04 '.repeat(20))).not.toThrow();
    expect(() => assertEnglish('')).not.toThrow();
  });

  it('accepts a long English article that opens with a foreign passage', () => {
    const text = `${FOREIGN.French?.[0]}\n\n${`${ENGLISH.council}\n\n`.repeat(20)}`;
    expect(() => assertEnglish(text)).not.toThrow();
  });

  it('refuses a long article that is foreign throughout', () => {
    const text = `${FOREIGN.German?.[0]}\n\n`.repeat(20);
    expect(messageOf(() => assertEnglish(text))).toMatch(/German/);
  });
});
