/**
 * Titles written in Chinese, Japanese or Russian, as marketplaces in those languages write them:
 * Chinese and Japanese without spaces, the mark glued to product words (运动鞋, 手提包, スニーカー,
 * 腕時計), Russian with the mark among declined product words (кроссовки, сумка, часы). The same
 * templates without any registered name are the negatives.
 */
import type { Product } from '../goods.ts';
import type { Script } from '../model.ts';
import type { Random } from '../rng.ts';

const ATTRIBUTES: Record<Script, string[]> = {
  zh: ['男款', '女款', '黑色', '白色', '透气', '时尚', '防水', '2024新款', '夏季', '大容量', '经典款'],
  ja: ['メンズ', 'レディース', 'ブラック', 'ホワイト', '防水', '人気', '新作', '軽量', '大容量'],
  ru: ['мужские', 'женские', 'черные', 'белые', 'новинка', 'размер 42', 'оригинальные', 'легкие', 'водонепроницаемые'],
};

/** Templates; `{m}` is the mark, `{p}` the product word, `{a}` an attribute. */
const TEMPLATES: Record<Script, string[]> = {
  zh: ['{m}{p}', '{m}{p}{a}', '新款{m}{p}{a}', '{a}{m}{p}', '{m}同款{p}', '正品{m}{p}', '{m}官方{p}{a}', '{a}{p}{m}'],
  ja: ['{m}{p}', '{m}の{p}{a}', '【{m}】{p}{a}', '新品{m}{p}', '{a}{m}{p}', '{m}{p}【{a}】', '{p}{m}{a}'],
  ru: ['{P} {m} {a}', '{m} {p} {a}', 'Новые {p} {m}', '{P} {m}', '{P} {a} {m}', '{m} — {p}, {a}'],
};

/** Words that stand where a mark would, in the negatives: generic, and registered by no one here. */
const FILLERS: Record<Script, string[]> = {
  zh: ['时尚', '经典', '简约', '百搭', '韩版', '舒适', '高档', '潮流'],
  ja: ['シンプル', '人気', '高品質', '無地', 'おしゃれ', '定番', '軽量'],
  ru: ['модные', 'стильные', 'качественные', 'удобные', 'классические', 'недорогие'],
};

export function scriptTitle(rng: Random, script: Script, product: Product, mark: string | undefined): string {
  const words = product[script];
  const word = rng.pick(words);
  const template = rng.pick(TEMPLATES[script]);
  const filler = rng.pick(FILLERS[script]);
  return template
    .replace('{m}', mark ?? filler)
    .replace('{P}', word.charAt(0).toUpperCase() + word.slice(1))
    .replace('{p}', word)
    .replace('{a}', rng.pick(ATTRIBUTES[script]))
    .replace(/\s+/g, script === 'ru' ? ' ' : '')
    .trim();
}
