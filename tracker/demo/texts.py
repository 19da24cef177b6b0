"""The seed facts' text in every language the site speaks (en, be, uk, ru).

The Ukrainian wording follows the seed news item (Ukrinform, 20 May 2023); the quotation is the
Secretary's own English, the others are translations and say so.
"""

SOLIDARITY_DAY = {
    "name": {
        "en": "Day of Solidarity with Belarusian political prisoners",
        "be": "Дзень салідарнасці з беларускімі палітвязнямі",
        "uk": "День солідарності з білоруськими політв’язнями",
        "ru": "День солидарности с белорусскими политзаключёнными",
    },
    "description": {
        "en": "On 21 May 2021 the political prisoner Vitold Ashurok died in Shklov penal colony No. 17 in "
        "unexplained circumstances. Since then the Belarusian democratic community marks 21 May as the Day of "
        "Solidarity with political prisoners, with actions around the world.",
        "be": "21 траўня 2021 года ў шклоўскай калоніі № 17 пры нявысветленых абставінах памёр палітвязень "
        "Вітольд Ашурок. З таго часу беларуская дэмакратычная супольнасць адзначае 21 траўня як Дзень "
        "салідарнасці з палітвязнямі акцыямі па ўсім свеце.",
        "uk": "21 травня 2021 року в шкловській колонії № 17 за нез’ясованих обставин помер політв’язень "
        "Вітольд Ашурок. Відтоді білоруська демократична спільнота відзначає 21 травня як День солідарності "
        "з політв’язнями акціями по всьому світу.",
        "ru": "21 мая 2021 года в шкловской колонии № 17 при невыясненных обстоятельствах умер политзаключённый "
        "Витольд Ашурок. С тех пор белорусское демократическое сообщество отмечает 21 мая как День "
        "солидарности с политзаключёнными акциями по всему миру.",
    },
    "suggested_actions": {
        "en": "Write a letter or a card to a political prisoner.\n"
        "Join or organise a solidarity action in your town on 21 May.\n"
        "Tell the people around you about Vitold Ashurok and about the political prisoners held today.",
        "be": "Напішыце ліст або паштоўку палітвязню.\n"
        "Далучыцеся да акцыі салідарнасці 21 траўня ў вашым горадзе або арганізуйце яе.\n"
        "Раскажыце людзям побач пра Вітольда Ашурка і пра палітвязняў, якіх трымаюць сёння.",
        "uk": "Напишіть листа або листівку політв’язню.\n"
        "Долучіться до акції солідарності 21 травня у вашому місті або організуйте її.\n"
        "Розкажіть людям навколо про Вітольда Ашурка та про політв’язнів, яких утримують сьогодні.",
        "ru": "Напишите письмо или открытку политзаключённому.\n"
        "Присоединитесь к акции солидарности 21 мая в вашем городе или организуйте её.\n"
        "Расскажите людям вокруг о Витольде Ашурке и о политзаключённых, которых удерживают сегодня.",
    },
}

# slug: ((month, day), {field: {language: text}})
SEED_DATES = {
    "day-of-solidarity": ((5, 21), SOLIDARITY_DAY),
    "remembrance-of-victims-of-repression": (
        (10, 30),
        {
            "name": {
                "en": "Day of Remembrance of the Victims of Political Repression",
                "be": "Дзень памяці ахвяр палітычных рэпрэсій",
                "uk": "День пам’яті жертв політичних репресій",
                "ru": "День памяти жертв политических репрессий",
            },
            "description": {
                "en": "Marked on 30 October.",
                "be": "Адзначаецца 30 кастрычніка.",
                "uk": "Відзначається 30 жовтня.",
                "ru": "Отмечается 30 октября.",
            },
        },
    ),
    "human-rights-day": (
        (12, 10),
        {
            "name": {
                "en": "Human Rights Day",
                "be": "Дзень правоў чалавека",
                "uk": "День прав людини",
                "ru": "День прав человека",
            },
            "description": {
                "en": "The anniversary of the Universal Declaration of Human Rights, 10 December 1948.",
                "be": "Гадавіна Усеагульнай дэкларацыі правоў чалавека, 10 снежня 1948 года.",
                "uk": "Річниця Загальної декларації прав людини, 10 грудня 1948 року.",
                "ru": "Годовщина Всеобщей декларации прав человека, 10 декабря 1948 года.",
            },
        },
    ),
}

SEED_COUNT = {
    "source_name": {
        "en": "U.S. Department of State (Secretary Antony Blinken)",
        "be": "Дзяржаўны дэпартамент ЗША (дзяржсакратар Энтані Блінкен)",
        "uk": "Державний департамент США (держсекретар Ентоні Блінкен)",
        "ru": "Государственный департамент США (госсекретарь Энтони Блинкен)",
    },
    "note": {
        "en": "“On the eve of the Day of Solidarity with Political Prisoners in Belarus, we condemn the detention "
        "of over 1,500 prisoners held by the Lukashenka regime.” — @SecBlinken, 20 May 2023",
        "be": "«Напярэдадні Дня салідарнасці з палітычнымі вязнямі Беларусі мы асуджаем утрыманне больш за 1500 "
        "вязняў, якіх трымае рэжым Лукашэнкі». — @SecBlinken, 20 траўня 2023 (пераклад з англійскай)",
        "uk": "«Напередодні Дня солідарності з політичними в’язнями Білорусі ми засуджуємо затримання понад 1500 "
        "в’язнів, яких утримує режим Лукашенка». — @SecBlinken, 20 травня 2023 (переклад Укрінформу)",
        "ru": "«Накануне Дня солидарности с политическими заключёнными Беларуси мы осуждаем задержание более 1500 "
        "заключённых, которых удерживает режим Лукашенко». — @SecBlinken, 20 мая 2023 (перевод с английского)",
    },
}
