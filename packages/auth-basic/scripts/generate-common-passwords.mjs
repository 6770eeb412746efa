#!/usr/bin/env node
// Writes data/common-passwords.txt: passwords that guessing attacks try first. Built from widely
// reported facts about password choice — the most-used passwords of public breach statistics,
// keyboard walks, digit runs, and popular words with the suffixes people add to pass a policy.
// Usage: node scripts/generate-common-passwords.mjs
import { writeFileSync } from 'node:fs';

const out = new Set();
const add = (p) => {
  const v = p.toLowerCase();
  if (v.length >= 4 && v.length <= 32) out.add(v);
};

// Most-used passwords as repeatedly reported by breach statistics.
const top = `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321
superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter
buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel
starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom
777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley nicole chelsea biteme
matthew access yankees 987654321 dallas austin thunder taylor matrix william corvette hello martin heather
secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test bailey q1w2e3r4t5
patrick internet scooter orange 11111 golfer cookie richard samantha bigdog guitar jackson whatever mickey
chicken sparky snoopy maverick phoenix camaro peanut morgan welcome falcon cowboy ferrari samsung andrea
smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo spider nascar monster tigers
yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq purple hardcore banana junior hannah
123654 porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller
boston q1w2e3r4 brandon yamaha chester mother forever johnny edward 333333 oliver redsox player nikita knight
fender barney midnight please brandy chicago badboy slayer rangers charles angel flower bigdaddy rabbit wizard
bigdick jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties
marine ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321
12344321 golden 8675309 panther lauren angela bitch spanky thx1138 angels madison winston shannon mike toyota
blowjob jordan23 canada sophie apples dick tiger razz 123abc pokemon qazxsw 55555 qwaszx muffin johnson
murphy cooper jonathan liverpoo david danielle 159357 jackie 1990 123456a 789456 turtle horny abcd1234 scorpion
qazwsxedc 101010 butter carlos password1 dennis slipknot qwerty123 booger asdf 1991 black startrek 12341234
cameron newyork rainbow nathan john 1992 rocket viking redskins butthead asdfghjkl 1212 sierra peaches gemini
doctor wilson sandra helpme qwertyui victor florida dolphin pookie captain tucker blue liverpool theman bandit
dolphins maddog packers jaguar lovers nicholas united tiffany maxwell zzzzzz nirvana jeremy suckit stupid porn
monica elephant giants jackass hotdog rosebud success debbie mountain 444444 xxxxxxxx warrior 1q2w3e4r5t q1w2e3
123456q albert metallic lucky azerty 7777 shithead alex bond007 alexis 1111111 samson 5150 willie scorpio bonnie
gators benjamin voodoo driver dexter 2112 jason calvin freddy 212121 creative 12345a sydney rush2112 1989 asdfghjk
red123 bubba 4815162342 passw0rd trouble gunner happy fucker gordon legend jessie stella qwert eminem arthur apple
nissan bullshit bear america 1qazxsw2 nothing parker 4444 rebecca qweqwe garfield 01012011 beavis 69696969 jack
asdasd december 2222 102030 252525 11223344 magic apollo skippy 315475 girls kitten golf copper braves shelby
godzilla beaver fred tomcat august buddy airborne 1993 1988 lifehack qqqqqq brooklyn animal platinum phantom
online xavier darkness blink182 power fish green 789456123 voyager police travis 12qwaszx heaven snowball lover
abcdef 00000 pakistan 007007 walter playboy blazer cricket sniper hooters donkey willow loveme saturn therock
redwings bigboy pumpkin trinity williams tits nintendo digital destiny topgun runner marvin guinness chance
bubbles testing fire november minecraft asdf1234 lasvegas sergey broncos cartman private celtic birdie little
cassie babygirl donald beatles 1313 dickhead family 12121212 school louise gabriel eclipse fluffy 147258369
lakers1 spiderman zaq12wsx mariah ladies soccer1 horses princess1 sunshine1 iloveyou1 football1 baseball1
monkey1 dragon1 qwerty1 abc1234 welcome1 letmein1 admin admin123 administrator root toor changeme default
guest user login passwd pass123 pass1234 test123 test1234 temp temp123 secret123 master123 hello123 love123
welcome123 qwerty12 qwerty1234 1qaz2wsx3edc zaq1zaq1 zaq12wsx xsw2zaq1 q1w2e3r4t5y6 1q2w3e 1q2w3e4r5t6y
aa123456 a123456 a12345 123456789a 1234abcd abcd123 abc12345 password12 password123 password1234 p@ssw0rd
p@ssword pa55word pa55w0rd passw0rd1 iloveyou2 princess123 sunshine123 football123 baseball123 monkey123
dragon123 shadow123 superman123 batman123 michael1 jordan1 charlie1 ashley1 jessica1 michelle1 daniel1
1234561 123123a 112233a 7654321 87654321a 123456aa 123456789q 147258 147852 147852369 258456 741852963
963852741 159951 753951 951753 0987654321 1029384756 1357924680 13579 24680 2468 135790 abcdefg abcdefgh
abcdef123 a1b2c3 a1b2c3d4 aaa111 qweasd qweasdzxc qweasdzxc123 asdzxc zxcasdqwe 1qazxsw23edc zxcv1234
1234zxcv qwerasdf asdfqwer poiuytrewq lkjhgfdsa mnbvcxz ytrewq trewq 0okm9ijn 1qaz1qaz 2wsx3edc 3edc4rfv
4rfv5tgb 5tgb6yhn 6yhn7ujm 7ujm8ik9 qwe123 asd123 zxc123 qwe123qwe asd123asd zxc123zxc 123qweasd 123qweasdzxc
iloveu iloveyou! loveyou lovely love1234 ilovegod jesus jesus1 jesus123 christ blessed god godisgood faith
hope angel1 angels1 baby baby123 babygirl1 princesa mylove sweety sweetheart honey cutie beautiful pretty
friend friends bestfriend family1 mommy daddy mom dad sister brother mother1 father myspace facebook google
youtube twitter instagram linkedin yahoo hotmail gmail outlook skype netflix amazon apple123 microsoft windows
linux ubuntu oracle mysql postgres server network cisco router wireless wifi internet1 computer1 laptop
office work company business manager support service system security secure safety hacker hacked matrix1`;
for (const p of top.split(/\s+/)) if (p) add(p);

// Keyboard walks: every run of 4+ keys along a row, forwards and backwards, and whole rows repeated.
const rows = [
  '1234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '!@#$%^&*()',
  'qwertzuiop',
  'azertyuiop',
  'yxcvbnm',
];
for (const row of rows) {
  for (const s of [row, [...row].reverse().join('')]) {
    for (let i = 0; i < s.length; i++) {
      for (let j = i + 4; j <= s.length; j++) {
        const run = s.slice(i, j);
        add(run);
        add(run + run);
      }
    }
  }
}
// Column walks (1qaz, 2wsx, …) chained.
const cols = ['1qaz', '2wsx', '3edc', '4rfv', '5tgb', '6yhn', '7ujm', '8ik,', '9ol.', '0p;/'];
for (let i = 0; i < cols.length; i++) {
  let chain = '';
  for (let j = i; j < cols.length; j++) {
    chain += cols[j];
    add(chain);
  }
}
for (const pair of ['qaz', 'wsx', 'edc', 'rfv', 'tgb', 'yhn', 'ujm', 'qwe', 'asd', 'zxc']) {
  add(pair + pair);
  add(`${pair}123`);
  add(`123${pair}`);
}

// Digit runs: one repeated digit, ascending and descending sequences, and repeated short groups.
for (let d = 0; d <= 9; d++) for (let n = 4; n <= 16; n++) add(String(d).repeat(n));
const asc = '01234567890123456789';
const desc = '98765432109876543210';
for (const s of [asc, desc])
  for (let i = 0; i < 10; i++) for (let n = 4; n <= 12; n++) add(s.slice(i, i + n));
for (const g of [
  '12',
  '123',
  '1234',
  '123123',
  '21',
  '321',
  '69',
  '007',
  '101',
  '121',
  '1212',
  '2580',
  '0852',
  '1122',
  '1313',
  '4321',
  '5678',
  '6969',
  '9999',
]) {
  for (let k = 2; k <= 6; k++) add(g.repeat(k));
}
// Dates: years and month-day/day-month combinations people pick.
for (let y = 1940; y <= 2030; y++) add(String(y));
for (let m = 1; m <= 12; m++) {
  for (const dd of [1, 7, 10, 11, 12, 13, 14, 15, 20, 21, 25, 28, 31]) {
    const mm = String(m).padStart(2, '0');
    const d2 = String(dd).padStart(2, '0');
    add(`${mm}${d2}`);
    add(`${d2}${mm}`);
    add(`${mm}${d2}19`);
    add(`${d2}${mm}20`);
  }
}

// Popular words with the additions people make to satisfy a policy.
const words = `password passwort motdepasse contrasena senha wachtwoord salasana haslo parola welcome hello letmein
admin administrator login master secret qwerty abc monkey dragon shadow sunshine princess football baseball
soccer hockey basketball superman batman spiderman pokemon starwars iloveyou love lover trustno1 freedom whatever
summer winter spring autumn monday friday january february march april june july august september october
november december michael jennifer jessica ashley charlie daniel thomas robert matthew joshua andrew jordan
hunter tigger buster harley maggie ginger pepper cookie chocolate cheese banana orange purple yellow silver
golden diamond killer ninja samurai pirate wizard zombie monster dolphin butterfly flower rainbow unicorn
angel heaven jesus blessed family friends mustang ferrari porsche mercedes yamaha harley chelsea arsenal
liverpool barcelona madrid juventus yankees lakers cowboys steelers eagles tigers computer internet google
facebook minecraft fortnite roblox matrix phoenix thunder lightning hammer knight legend warrior soldier
america canada london paris berlin tokyo china india mexico brazil russia qwertyuiop asdfgh zxcvbn azerty
changeme default guest test user root access office company business money lucky happy smile peace
music guitar piano rock metal dance party games gamer player hacker coffee pizza`;
const suffixes = [
  '',
  '1',
  '12',
  '123',
  '1234',
  '12345',
  '123456',
  '!',
  '1!',
  '123!',
  '@123',
  '01',
  '07',
  '11',
  '13',
  '21',
  '22',
  '23',
  '69',
  '77',
  '88',
  '99',
  '00',
  '007',
  '2000',
  '2010',
  '2015',
  '2016',
  '2017',
  '2018',
  '2019',
  '2020',
  '2021',
  '2022',
  '2023',
  '2024',
  '2025',
  '2026',
  '#1',
  '!!',
  '?',
];
const leet = (w) =>
  w.replace(/a/g, '@').replace(/o/g, '0').replace(/e/g, '3').replace(/i/g, '1').replace(/s/g, '$');
for (const w of words.split(/\s+/)) {
  if (!w) continue;
  for (const s of suffixes) {
    add(w + s);
    add(leet(w) + s);
  }
  add(`1${w}`);
  add(`123${w}`);
  add(w + w);
  add([...w].reverse().join(''));
}

const sorted = [...out].sort();
const file = new URL('../data/common-passwords.txt', import.meta.url);
writeFileSync(file, `${sorted.join('\n')}\n`);
console.log(`wrote ${sorted.length} entries`);
