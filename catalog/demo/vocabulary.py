# ruff: noqa: RUF001  (Polish, Italian and Russian text: Cyrillic letters and dashes are meant)
"""Words of the demo catalog in en, pl, it and ru: product kinds, materials, care instructions and sentence pools.

Titles are composed from a kind's noun and, for clothing and shoes, a gender word; the grammatical gender of the
Polish and Russian nouns ("m", "f", "pl") picks the matching adjective ending.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    family: str
    category: str
    drawing: str  # a function name in catalog.demo.drawing
    nouns: dict[str, str]  # locale -> noun, lower case where the language writes it so
    grammatical_gender: dict[str, str]  # "pl" / "ru" -> "m", "f" or "pl"
    pitch: dict[str, str]  # locale -> one sentence about this kind of product


def _kind(code: str, family: str, category: str, drawing: str, nouns: tuple[str, str, str, str], genders: str,
          pitch: tuple[str, str, str, str]) -> Kind:
    pl_gender, _space, ru_gender = genders.partition(" ")
    return Kind(code, family, category, drawing, dict(zip(("en", "pl", "it", "ru"), nouns, strict=True)),
                {"pl": pl_gender, "ru": ru_gender}, dict(zip(("en", "pl", "it", "ru"), pitch, strict=True)))


KINDS = {kind.code: kind for kind in (
    _kind("tshirt", "clothing", "shirts_tops", "tshirt", ("T-shirt", "koszulka", "T-shirt", "футболка"), "f f", (
        "An everyday T-shirt with a soft hand feel and a neckline that keeps its shape wash after wash.",
        "Codzienna koszulka, miękka w dotyku, z dekoltem, który nie rozciąga się po praniu.",
        "Una T-shirt per tutti i giorni, morbida al tatto, con uno scollo che resta in forma lavaggio dopo lavaggio.",
        "Повседневная футболка, мягкая на ощупь, с горловиной, которая не растягивается после стирки.")),
    _kind("shirt", "clothing", "shirts_tops", "shirt", ("shirt", "koszula", "camicia", "рубашка"), "f f", (
        "A buttoned shirt with a soft collar that works with a jacket or on its own.",
        "Koszula zapinana na guziki, z miękkim kołnierzykiem – do marynarki i bez niej.",
        "Una camicia con bottoni e collo morbido, da portare con la giacca o da sola.",
        "Рубашка на пуговицах с мягким воротником – под пиджак и без него.")),
    _kind("hoodie", "clothing", "sweatshirts_knitwear", "hoodie", ("hoodie", "bluza z kapturem", "felpa con cappuccio",
                                                                   "толстовка"), "f f", (
        "A warm hoodie with a lined hood, a kangaroo pocket and ribbed cuffs.",
        "Ciepła bluza z podszytym kapturem, kieszenią kangurką i ściągaczami przy rękawach.",
        "Una felpa calda con cappuccio foderato, tasca a marsupio e polsini a costine.",
        "Тёплая толстовка с капюшоном на подкладке, карманом-кенгуру и манжетами в рубчик.")),
    _kind("sweater", "clothing", "sweatshirts_knitwear", "sweater", ("sweater", "sweter", "maglione", "свитер"),
          "m m", (
        "A fine-knit sweater that layers easily over a shirt and keeps you warm without bulk.",
        "Sweter z cienkiej dzianiny – łatwo go założyć na koszulę, grzeje, a nie pogrubia.",
        "Un maglione a maglia fine, facile da indossare sopra una camicia, caldo ma non ingombrante.",
        "Свитер тонкой вязки: легко надеть поверх рубашки, греет и не добавляет объёма.")),
    _kind("jeans", "clothing", "trousers", "trousers", ("jeans", "jeansy", "jeans", "джинсы"), "pl pl", (
        "Five-pocket jeans in a sturdy denim that softens with every wear.",
        "Jeansy z pięcioma kieszeniami z mocnego denimu, który mięknie z każdym noszeniem.",
        "Jeans a cinque tasche in un denim robusto che si ammorbidisce a ogni utilizzo.",
        "Джинсы с пятью карманами из плотного денима, который становится мягче с каждой ноской.")),
    _kind("chinos", "clothing", "trousers", "trousers", ("chinos", "spodnie chino", "pantaloni chino", "брюки чинос"),
          "pl pl", (
              "Neat chinos with a tapered leg, for the office and the weekend alike.",
              "Eleganckie spodnie chino z nogawką zwężaną ku dołowi – do biura i na weekend.",
              "Pantaloni chino ordinati con gamba affusolata, per l'ufficio e per il fine settimana.",
              "Аккуратные брюки чинос зауженного кроя – и для офиса, и для выходных.")),
    _kind("jacket", "clothing", "coats_jackets", "jacket", ("jacket", "kurtka", "giacca", "куртка"), "f f", (
        "A light jacket with a water-repellent finish and a two-way zip.",
        "Lekka kurtka z wykończeniem odpychającym wodę i dwukierunkowym zamkiem.",
        "Una giacca leggera con finitura idrorepellente e zip a doppio cursore.",
        "Лёгкая куртка с водоотталкивающей пропиткой и двусторонней молнией.")),
    _kind("parka", "clothing", "coats_jackets", "jacket", ("parka", "parka", "parka", "парка"), "f f", (
        "A long winter parka with a down filling and a hood that shields you from the wind.",
        "Długa zimowa parka z puchowym wypełnieniem i kapturem chroniącym przed wiatrem.",
        "Un parka invernale lungo con imbottitura in piumino e cappuccio che ripara dal vento.",
        "Длинная зимняя парка с пуховым утеплителем и капюшоном, защищающим от ветра.")),
    _kind("sneakers", "footwear", "sneakers", "sneaker", ("sneakers", "sneakersy", "sneaker", "кеды"), "pl pl", (
        "Low-top sneakers with a cushioned insole for long days in the city.",
        "Niskie sneakersy z amortyzującą wkładką na długie dni w mieście.",
        "Sneaker basse con soletta ammortizzata per le lunghe giornate in città.",
        "Низкие кеды с амортизирующей стелькой для долгих прогулок по городу.")),
    _kind("running_shoes", "footwear", "sneakers", "sneaker", ("running shoes", "buty do biegania", "scarpe da corsa",
                                                               "беговые кроссовки"), "pl pl", (
        "Light running shoes with a responsive midsole and a grippy outsole for road and park.",
        "Lekkie buty do biegania z dynamiczną pianką i przyczepną podeszwą na asfalt i do parku.",
        "Scarpe da corsa leggere con intersuola reattiva e suola aderente per strada e parco.",
        "Лёгкие беговые кроссовки с отзывчивой промежуточной подошвой и цепкой подошвой для асфальта и парка.")),
    _kind("boots", "footwear", "boots", "boot", ("boots", "trzewiki", "stivaletti", "ботинки"), "pl pl", (
        "Lace-up ankle boots with a chunky sole, made for wet pavements and cold mornings.",
        "Sznurowane trzewiki za kostkę na grubej podeszwie – na mokre chodniki i chłodne poranki.",
        "Stivaletti stringati alla caviglia con suola robusta, fatti per marciapiedi bagnati e mattine fredde.",
        "Ботинки на шнуровке с массивной подошвой – для мокрых тротуаров и холодных утр.")),
    _kind("loafers", "footwear", "loafers", "loafer", ("loafers", "mokasyny", "mocassini", "лоферы"), "pl pl", (
        "Slip-on loafers, hand-stitched, with a flexible leather sole.",
        "Wsuwane mokasyny, szyte ręcznie, z elastyczną skórzaną podeszwą.",
        "Mocassini senza lacci, cuciti a mano, con una suola flessibile in cuoio.",
        "Лоферы без шнурков ручной прошивки с гибкой кожаной подошвой.")),
    _kind("headphones", "audio", "headphones", "headphones", ("wireless headphones", "słuchawki bezprzewodowe",
                                                              "cuffie wireless", "беспроводные наушники"), "pl pl", (
        "Over-ear wireless headphones with soft cushions and a folding headband.",
        "Bezprzewodowe słuchawki nauszne z miękkimi poduszkami i składanym pałąkiem.",
        "Cuffie wireless over-ear con cuscinetti morbidi e archetto pieghevole.",
        "Полноразмерные беспроводные наушники с мягкими амбушюрами и складным оголовьем.")),
    _kind("earbuds", "audio", "headphones", "earbuds", ("true wireless earbuds", "słuchawki douszne TWS",
                                                        "auricolari true wireless", "беспроводные TWS-наушники"),
          "pl pl", (
              "Compact true wireless earbuds with a pocket-sized charging case.",
              "Kompaktowe słuchawki douszne TWS z etui ładującym, które mieści się w kieszeni.",
              "Auricolari true wireless compatti con custodia di ricarica tascabile.",
              "Компактные TWS-наушники с зарядным футляром, который помещается в карман.")),
    _kind("speaker", "audio", "speakers", "speaker", ("portable speaker", "głośnik przenośny", "altoparlante portatile",
                                                      "портативная колонка"), "m f", (
        "A portable speaker with a full, clear sound and a strap to take it anywhere.",
        "Przenośny głośnik o pełnym, czystym brzmieniu, z paskiem do noszenia.",
        "Un altoparlante portatile dal suono pieno e nitido, con un cinturino per portarlo ovunque.",
        "Портативная колонка с насыщенным чистым звуком и ремешком для переноски.")),
    _kind("soundbar", "audio", "speakers", "soundbar", ("soundbar", "soundbar", "soundbar", "саундбар"), "m m", (
        "A slim soundbar that brings clear dialogue and deeper bass to any TV.",
        "Smukły soundbar, który zapewnia wyraźne dialogi i głębszy bas przy każdym telewizorze.",
        "Una soundbar sottile che regala dialoghi chiari e bassi più profondi a qualsiasi TV.",
        "Тонкий саундбар: разборчивые диалоги и более глубокий бас для любого телевизора.")),
    _kind("tablet", "tablets", "tablets", "tablet", ("tablet", "tablet", "tablet", "планшет"), "m m", (
        "A thin and light tablet with a sharp screen for reading, video and video calls.",
        "Cienki i lekki tablet z ostrym ekranem do czytania, filmów i wideorozmów.",
        "Un tablet sottile e leggero con uno schermo nitido per leggere, guardare video e videochiamare.",
        "Тонкий и лёгкий планшет с чётким экраном для чтения, видео и видеозвонков.")),
    _kind("ereader", "tablets", "tablets", "ereader", ("e-reader", "czytnik e-booków", "lettore di e-book",
                                                      "электронная книга"), "m f", (
        "An e-reader with a glare-free E Ink screen and a warm front light for reading at night.",
        "Czytnik e-booków z matowym ekranem E Ink i ciepłym podświetleniem do czytania nocą.",
        "Un lettore di e-book con schermo E Ink antiriflesso e luce calda per leggere di notte.",
        "Электронная книга с матовым экраном E Ink и тёплой подсветкой для чтения ночью.")),
    _kind("mug", "kitchenware", "drinkware", "mug", ("mug", "kubek", "tazza", "кружка"), "m f", (
        "A generous mug with a comfortable handle, glazed by hand.",
        "Pojemny kubek z wygodnym uchem, szkliwiony ręcznie.",
        "Una tazza capiente con un manico comodo, smaltata a mano.",
        "Вместительная кружка с удобной ручкой, покрытая глазурью вручную.")),
    _kind("travel_mug", "kitchenware", "drinkware", "bottle", ("travel mug", "kubek termiczny", "tazza termica",
                                                               "термокружка"), "m f", (
        "A double-walled travel mug that keeps coffee hot for hours and does not leak in a bag.",
        "Kubek termiczny z podwójną ścianką – kawa zostaje gorąca przez godziny, a nic nie wycieka w torbie.",
        "Una tazza termica a doppia parete che mantiene caldo il caffè per ore e non perde in borsa.",
        "Термокружка с двойными стенками: кофе остаётся горячим часами и не проливается в сумке.")),
    _kind("bottle", "kitchenware", "drinkware", "bottle", ("water bottle", "butelka na wodę", "borraccia",
                                                           "бутылка для воды"), "f f", (
        "A reusable water bottle with a leak-proof cap, for the gym, office and trail.",
        "Butelka wielokrotnego użytku ze szczelną nakrętką – na siłownię, do biura i na szlak.",
        "Una borraccia riutilizzabile con tappo a tenuta, per la palestra, l'ufficio e il sentiero.",
        "Многоразовая бутылка с герметичной крышкой – для спортзала, офиса и похода.")),
    _kind("frying_pan", "kitchenware", "cookware", "pan", ("frying pan", "patelnia", "padella", "сковорода"), "f f", (
        "A frying pan that heats evenly and releases eggs and pancakes without sticking.",
        "Patelnia, która równo się nagrzewa, a jajka i naleśniki nie przywierają do dna.",
        "Una padella che scalda in modo uniforme e lascia scivolare uova e crêpe senza attaccare.",
        "Сковорода равномерно прогревается, яичница и блины не пригорают.")),
    _kind("saucepan", "kitchenware", "cookware", "pot", ("saucepan", "garnek", "pentola", "кастрюля"), "m f", (
        "A saucepan with a heavy base and a snug lid, for soups, sauces and pasta.",
        "Garnek z grubym dnem i dopasowaną pokrywką – do zup, sosów i makaronu.",
        "Una pentola con fondo spesso e coperchio aderente, per zuppe, sughi e pasta.",
        "Кастрюля с толстым дном и плотной крышкой – для супов, соусов и пасты.")),
    _kind("kettle", "kitchenware", "kitchen_appliances", "kettle", ("electric kettle", "czajnik elektryczny",
                                                                    "bollitore elettrico", "электрический чайник"),
          "m m", (
              "A fast electric kettle with a concealed element and automatic switch-off.",
              "Szybki czajnik elektryczny z ukrytą grzałką i automatycznym wyłączaniem.",
              "Un bollitore elettrico rapido con resistenza nascosta e spegnimento automatico.",
              "Быстрый электрический чайник со скрытым нагревательным элементом и автоотключением.")),
)}

# Sentences that vary the descriptions of one family; a product takes one by its position.
FAMILY_DETAILS = {
    "clothing": (
        ("Cut and sewn in small batches in a family-run workshop.", "Szyte w małych seriach w rodzinnej szwalni.",
         "Tagliato e cucito in piccoli lotti in un laboratorio a conduzione familiare.",
         "Сшито небольшими партиями в семейной мастерской."),
        ("Pre-washed, so it keeps its size after the first wash.", "Wstępnie prane, więc nie kurczy się po praniu.",
         "Prelavato, quindi mantiene la taglia dopo il primo lavaggio.",
         "Прошло предварительную стирку, поэтому не садится после первой стирки."),
        ("Flat seams that do not rub, even under a backpack.", "Płaskie szwy, które nie obcierają nawet pod plecakiem.",
         "Cuciture piatte che non sfregano, nemmeno sotto lo zaino.", "Плоские швы не натирают даже под рюкзаком."),
    ),
    "footwear": (
        ("The removable insole can be replaced by your own orthotic.",
         "Wyjmowaną wkładkę można zastąpić własną wkładką ortopedyczną.",
         "La soletta estraibile può essere sostituita con un plantare su misura.",
         "Съёмную стельку можно заменить собственной ортопедической."),
        ("Made on a roomy last: if you are between sizes, take the smaller one.",
         "Szyte na wygodnym kopycie: jeśli wahasz się między rozmiarami, wybierz mniejszy.",
         "Realizzate su una forma comoda: se sei tra due numeri, scegli il più piccolo.",
         "Сделаны на свободной колодке: если сомневаетесь между размерами, выбирайте меньший."),
        ("The sole is stitched, not glued, so it can be resoled.",
         "Podeszwa jest przyszyta, a nie przyklejona, więc można ją wymienić.",
         "La suola è cucita, non incollata, quindi si può risuolare.",
         "Подошва прошита, а не приклеена, поэтому её можно заменить."),
    ),
    "audio": (
        ("Pairs with two devices at once and switches between them automatically.",
         "Łączy się z dwoma urządzeniami naraz i samo przełącza się między nimi.",
         "Si collega a due dispositivi contemporaneamente e passa dall'uno all'altro in automatico.",
         "Подключается к двум устройствам одновременно и само переключается между ними."),
        ("Ten minutes of charging give about two hours of listening.",
         "Dziesięć minut ładowania wystarcza na około dwie godziny słuchania.",
         "Dieci minuti di ricarica bastano per circa due ore di ascolto.",
         "Десяти минут зарядки хватает примерно на два часа прослушивания."),
        ("The companion app offers an equaliser and firmware updates.",
         "Aplikacja towarzysząca oferuje korektor dźwięku i aktualizacje oprogramowania.",
         "L'app dedicata offre un equalizzatore e gli aggiornamenti del firmware.",
         "В фирменном приложении есть эквалайзер и обновления прошивки."),
    ),
    "tablets": (
        ("Charges over USB-C and lasts a full day away from a socket.",
         "Ładuje się przez USB-C i wytrzymuje cały dzień z dala od gniazdka.",
         "Si ricarica via USB-C e dura un'intera giornata lontano dalla presa.",
         "Заряжается через USB-C и работает целый день без розетки."),
        ("Software updates are promised for at least four years.",
         "Producent obiecuje aktualizacje oprogramowania przez co najmniej cztery lata.",
         "Il produttore garantisce aggiornamenti software per almeno quattro anni.",
         "Производитель обещает обновления ПО как минимум в течение четырёх лет."),
    ),
    "kitchenware": (
        ("Free of PFOA, lead and cadmium.", "Nie zawiera PFOA, ołowiu ani kadmu.", "Senza PFOA, piombo e cadmio.",
         "Не содержит PFOA, свинца и кадмия."),
        ("Designed in a small studio and tested in a busy home kitchen.",
         "Zaprojektowane w małym studiu i przetestowane w zapracowanej domowej kuchni.",
         "Progettato in un piccolo studio e collaudato in una cucina di casa molto frequentata.",
         "Разработано в небольшой студии и проверено на оживлённой домашней кухне."),
        ("Packed in recycled cardboard without plastic fillers.",
         "Pakowane w karton z recyklingu bez plastikowych wypełniaczy.",
         "Imballato in cartone riciclato senza riempitivi di plastica.",
         "Упаковано в переработанный картон без пластикового наполнителя."),
    ),
}

MATERIALS = {
    "organic_cotton": ("100% organic cotton", "100% bawełna organiczna", "100% cotone biologico",
                       "100% органический хлопок"),
    "cotton_elastane": ("98% cotton, 2% elastane", "98% bawełna, 2% elastan", "98% cotone, 2% elastan",
                        "98% хлопок, 2% эластан"),
    "linen": ("100% linen", "100% len", "100% lino", "100% лён"),
    "merino": ("100% merino wool", "100% wełna merino", "100% lana merino", "100% шерсть мериноса"),
    "fleece": ("80% cotton, 20% polyester fleece", "Dzianina dresowa: 80% bawełna, 20% poliester",
               "Felpa: 80% cotone, 20% poliestere", "Футер: 80% хлопок, 20% полиэстер"),
    "denim": ("Denim: 99% cotton, 1% elastane", "Denim: 99% bawełna, 1% elastan", "Denim: 99% cotone, 1% elastan",
              "Деним: 99% хлопок, 1% эластан"),
    "recycled_polyester": ("100% recycled polyester", "100% poliester z recyklingu", "100% poliestere riciclato",
                           "100% переработанный полиэстер"),
    "down": ("Nylon shell, duck down filling", "Poszycie z nylonu, wypełnienie puchem kaczym",
             "Esterno in nylon, imbottitura in piumino d'anatra", "Верх из нейлона, утеплитель из утиного пуха"),
    "leather": ("Full-grain leather", "Skóra licowa", "Pelle pieno fiore", "Натуральная кожа"),
    "suede": ("Suede upper, rubber sole", "Cholewka z zamszu, podeszwa gumowa", "Tomaia in camoscio, suola in gomma",
              "Верх из замши, резиновая подошва"),
    "mesh": ("Breathable mesh upper, rubber sole", "Cholewka z oddychającej siateczki, podeszwa gumowa",
             "Tomaia in mesh traspirante, suola in gomma", "Верх из дышащей сетки, резиновая подошва"),
    "canvas": ("Cotton canvas, rubber sole", "Płótno bawełniane, podeszwa gumowa", "Tela di cotone, suola in gomma",
               "Хлопковый канвас, резиновая подошва"),
    "stoneware": ("Stoneware", "Kamionka", "Gres", "Керамика (каменная масса)"),
    "porcelain": ("Porcelain", "Porcelana", "Porcellana", "Фарфор"),
    "stainless_steel": ("Stainless steel", "Stal nierdzewna", "Acciaio inox", "Нержавеющая сталь"),
    "cast_iron": ("Enamelled cast iron", "Żeliwo emaliowane", "Ghisa smaltata", "Эмалированный чугун"),
    "aluminium": ("Aluminium with a non-stick coating", "Aluminium z powłoką nieprzywierającą",
                  "Alluminio con rivestimento antiaderente", "Алюминий с антипригарным покрытием"),
    "glass": ("Borosilicate glass and stainless steel", "Szkło borokrzemowe i stal nierdzewna",
              "Vetro borosilicato e acciaio inox", "Боросиликатное стекло и нержавеющая сталь"),
}

CARE_INSTRUCTIONS = {
    "gentle": (
        ("Machine wash at 30 °C", "Do not tumble dry", "Iron at low temperature"),
        ("Pranie w pralce w 30 °C", "Nie suszyć w suszarce bębnowej", "Prasować w niskiej temperaturze"),
        ("Lavaggio in lavatrice a 30 °C", "Non asciugare in asciugatrice", "Stirare a bassa temperatura"),
        ("Машинная стирка при 30 °C", "Не сушить в барабанной сушилке", "Гладить при низкой температуре"),
    ),
    "wool": (
        ("Hand wash in cold water", "Dry flat", "Do not bleach"),
        ("Prać ręcznie w zimnej wodzie", "Suszyć na płasko", "Nie wybielać"),
        ("Lavare a mano in acqua fredda", "Asciugare in piano", "Non candeggiare"),
        ("Ручная стирка в холодной воде", "Сушить в расправленном виде", "Не отбеливать"),
    ),
}

# Gender (and age) words of clothing and shoe titles; Polish and Russian by the noun's grammatical gender.
AUDIENCE_WORDS = {
    "male": {"en": "Men's", "it": "da uomo", "pl": {"m": "męski", "f": "męska", "pl": "męskie"},
             "ru": {"m": "мужской", "f": "мужская", "pl": "мужские"}},
    "female": {"en": "Women's", "it": "da donna", "pl": {"m": "damski", "f": "damska", "pl": "damskie"},
               "ru": {"m": "женский", "f": "женская", "pl": "женские"}},
    "kids": {"en": "Kids'", "it": "per bambini", "pl": {"m": "dziecięcy", "f": "dziecięca", "pl": "dziecięce"},
             "ru": {"m": "детский", "f": "детская", "pl": "детские"}},
    "unisex": {"en": "Unisex", "it": "unisex", "pl": {"m": "unisex", "f": "unisex", "pl": "unisex"},
               "ru": {"m": "унисекс", "f": "унисекс", "pl": "унисекс"}},
}

YES_NO = {"en": ("Yes", "No"), "pl": ("Tak", "Nie"), "it": ("Sì", "No"), "ru": ("Да", "Нет")}
SPEC_HEADINGS = {"en": "Specifications", "pl": "Specyfikacja", "it": "Caratteristiche", "ru": "Характеристики"}
