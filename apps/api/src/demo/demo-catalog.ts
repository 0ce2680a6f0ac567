/** The demo store's catalog: believable names, prices in cents, a spread of stock levels. */
export interface DemoCategory {
  slug: string;
  name: string;
  description: string;
  parent?: string;
  color: string;
  products: [name: string, priceCents: number, blurb: string][];
}

export const DEMO_CATEGORIES: DemoCategory[] = [
  { slug: 'home', name: 'Home', description: 'Things that make a house a home.', color: '#8d6e63', products: [] },
  {
    slug: 'kitchen',
    name: 'Kitchen',
    parent: 'home',
    description: 'Cookware and tools for everyday cooking.',
    color: '#ef6c00',
    products: [
      ['Cast Iron Skillet', 3900, 'Pre-seasoned 26 cm skillet that goes from stove to oven.'],
      ['Copper Kettle', 6400, 'Whistling stovetop kettle with a brushed copper finish, 1.7 l.'],
      ['Oak Cutting Board', 2900, 'End-grain oak board, oiled by hand, kind to knife edges.'],
      ['Chef Knife 20 cm', 7900, 'Forged stainless steel with a full tang and a balanced handle.'],
      ['Linen Apron', 2400, 'Stonewashed linen apron with two deep pockets.'],
      ['Glass Storage Jars', 1900, 'Set of three airtight jars with bamboo lids.'],
      ['Enamel Dutch Oven', 11900, 'Five-litre enamelled casserole for slow braises and bread.'],
      ['Wooden Spoon Set', 1600, 'Three olive-wood spoons for stirring, tasting and serving.'],
    ],
  },
  {
    slug: 'drinkware',
    name: 'Drinkware',
    parent: 'kitchen',
    description: 'Mugs, cups and pots for coffee and tea.',
    color: '#1e88e5',
    products: [
      ['Blue Ceramic Mug', 1450, 'Hand-glazed stoneware mug holding 350 ml of coffee or tea.'],
      ['Glass Teapot', 3200, 'Borosilicate teapot with a removable stainless infuser.'],
      ['Espresso Cups Set', 2200, 'Four porcelain espresso cups with saucers.'],
      ['Insulated Travel Mug', 2600, 'Keeps coffee hot for six hours and fits most cup holders.'],
      ['Pour-Over Coffee Dripper', 1800, 'Ceramic dripper for one or two cups of filter coffee.'],
      ['Speckled Latte Bowl', 1600, 'Wide stoneware bowl for big milky coffees.'],
      ['Cold Brew Bottle', 2400, 'Makes a litre of smooth cold brew overnight.'],
    ],
  },
  {
    slug: 'living-room',
    name: 'Living Room',
    parent: 'home',
    description: 'Soft furnishings and decor.',
    color: '#6d4c41',
    products: [
      ['Wool Throw Blanket', 8900, 'Heavy lambswool throw woven in a herringbone pattern.'],
      ['Linen Cushion Cover', 2900, '50 × 50 cm washed linen cover with a hidden zip.'],
      ['Scented Soy Candle', 2200, 'Cedar and fig scent, about 45 hours of burn time.'],
      ['Rattan Floor Basket', 4900, 'Hand-woven basket for blankets, toys or firewood.'],
      ['Ceramic Table Vase', 3400, 'Matte white vase for dried or fresh flowers.'],
      ['Brass Picture Frame', 2700, 'Slim brass frame for a 13 × 18 cm print.'],
      ['Jute Area Rug', 12900, 'Flat-woven jute rug, 160 × 230 cm.'],
    ],
  },
  {
    slug: 'lighting',
    name: 'Lighting',
    parent: 'home',
    description: 'Lamps and bulbs for every corner.',
    color: '#fbc02d',
    products: [
      ['Arc Floor Lamp', 18900, 'Marble base and an arching arm that reaches over a sofa.'],
      ['Mushroom Table Lamp', 7400, 'Opal glass shade that gives a warm, even glow.'],
      ['Filament Bulb E27', 900, 'Dimmable 4 W LED with a vintage spiral filament.'],
      ['Rechargeable Lantern', 4200, 'Cordless lantern with three brightness levels.'],
      ['Paper Pendant Shade', 3900, 'Rice-paper globe shade, 45 cm across.'],
      ['Clip-On Reading Light', 2400, 'Flexible neck and a warm LED for reading in bed.'],
    ],
  },
  { slug: 'outdoors', name: 'Outdoors', description: 'Gear for gardens, parks and trails.', color: '#2e7d32', products: [] },
  {
    slug: 'garden',
    name: 'Garden',
    parent: 'outdoors',
    description: 'Tools and planters for growing things.',
    color: '#43a047',
    products: [
      ['Terracotta Planter', 2100, 'Frost-resistant planter with a drainage hole and saucer.'],
      ['Pruning Shears', 2900, 'Bypass secateurs with a carbon-steel blade.'],
      ['Watering Can 5 l', 3300, 'Galvanised steel can with a brass rose.'],
      ['Kneeling Pad', 1500, 'Thick foam pad that saves knees while weeding.'],
      ['Herb Seed Collection', 1200, 'Basil, parsley, chives, coriander and dill seeds.'],
      ['Garden Gloves', 1400, 'Breathable gloves with nitrile-coated palms.'],
      ['Raised Bed Kit', 8900, 'Larch raised bed, 120 × 60 cm, no tools needed.'],
    ],
  },
  {
    slug: 'camping',
    name: 'Camping',
    parent: 'outdoors',
    description: 'Sleep under the stars in comfort.',
    color: '#00695c',
    products: [
      ['Two-Person Tent', 15900, 'Lightweight dome tent that pitches in five minutes.'],
      ['Down Sleeping Bag', 18900, 'Comfort rated to −5 °C, packs to the size of a loaf.'],
      ['Camping Stove', 5400, 'Compact gas stove that boils a litre in four minutes.'],
      ['Enamel Camp Mug', 1100, 'Chip-resistant enamel mug with a rolled rim.'],
      ['Headlamp 300 lm', 2900, 'USB-rechargeable headlamp with a red night mode.'],
      ['Trekking Poles', 6900, 'Collapsible aluminium poles with cork grips.'],
      ['Camping Hammock', 3900, 'Parachute-nylon hammock with tree straps included.'],
    ],
  },
  { slug: 'apparel', name: 'Apparel', description: 'Everyday clothing made to last.', color: '#5e35b1', products: [] },
  {
    slug: 'tops',
    name: 'Tops',
    parent: 'apparel',
    description: 'T-shirts, shirts and knitwear.',
    color: '#7e57c2',
    products: [
      ['Organic Cotton T-Shirt', 2500, 'Heavyweight organic cotton tee with a relaxed fit.'],
      ['Merino Crew Sweater', 8900, 'Fine merino wool that is warm without bulk.'],
      ['Oxford Button-Down Shirt', 5900, 'Classic oxford cloth shirt with a soft collar roll.'],
      ['Linen Summer Shirt', 6400, 'Breezy linen shirt for hot days.'],
      ['Fleece Half-Zip', 6900, 'Recycled polyester fleece with a stand-up collar.'],
      ['Striped Breton Top', 4400, 'Long-sleeved cotton jersey top with navy stripes.'],
    ],
  },
  {
    slug: 'accessories',
    name: 'Accessories',
    parent: 'apparel',
    description: 'Bags, hats and small goods.',
    color: '#ad1457',
    products: [
      ['Canvas Tote Bag', 2900, 'Waxed canvas tote with leather handles.'],
      ['Leather Card Wallet', 3900, 'Vegetable-tanned leather wallet with four card slots.'],
      ['Wool Beanie', 2200, 'Ribbed beanie knitted from British wool.'],
      ['Cotton Bandana', 1200, 'Indigo-dyed bandana, 55 × 55 cm.'],
      ['Canvas Backpack', 8400, '25-litre rolltop backpack with a padded laptop sleeve.'],
      ['Wool Socks (3 pairs)', 2400, 'Cushioned merino socks for walking.'],
      ['Sunglasses', 5900, 'Polarised lenses in an acetate frame.'],
    ],
  },
  {
    slug: 'stationery',
    name: 'Stationery',
    description: 'Paper goods and writing tools.',
    color: '#546e7a',
    products: [
      ['Dotted Notebook A5', 1800, 'Lay-flat notebook with 160 pages of 100 gsm paper.'],
      ['Brass Fountain Pen', 4900, 'Solid brass pen that gains a patina with use.'],
      ['Weekly Desk Planner', 2200, 'Undated planner with a week on each spread.'],
      ['Pencil Set', 900, 'Six graphite pencils from 2H to 4B.'],
      ['Washi Tape Trio', 800, 'Three rolls of patterned paper tape.'],
      ['Recycled Envelopes', 700, 'Twenty-five C6 envelopes of recycled kraft paper.'],
      ['Desk Organiser', 3200, 'Walnut tray with slots for pens, cards and a phone.'],
    ],
  },
];

const REVIEW_LINES: [rating: number, title: string, body: string][] = [
  [5, 'Love it', 'Better than I expected. Well made and arrived quickly.'],
  [5, 'Perfect gift', 'Bought it for my sister and she uses it every day.'],
  [4, 'Very good', 'Nice quality for the price; one small scuff on arrival.'],
  [4, 'Does the job', 'Solid and simple. Would buy again.'],
  [3, 'It is fine', 'Looks nice but a little smaller than I thought.'],
  [2, 'Not for me', 'The colour was different from the photos.'],
  [5, 'Excellent', 'Beautiful finish and feels like it will last for years.'],
  [1, 'Disappointed', 'Stopped working after a week; support replaced it.'],
];

export function demoReviewsFor(index: number): [rating: number, title: string, body: string][] {
  const count = index % 4; // 0–3 reviews per product: some products stay unrated
  return Array.from({ length: count }, (_, k) => REVIEW_LINES[(index * 3 + k * 5) % REVIEW_LINES.length] as [number, string, string]);
}

/** A spread of stock: most in stock, some low (≤ 5), some sold out. */
export function demoStock(index: number): number {
  if (index % 11 === 3) return 0;
  if (index % 7 === 2) return 1 + (index % 5);
  return 12 + ((index * 37) % 140);
}
