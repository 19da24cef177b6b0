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

SAMPLE_NOTE = {
    "en": "SAMPLE RECORD — invented demo data, not a real person.",
    "be": "ПРЫКЛАД — выдуманыя дэма-даныя, не рэальны чалавек.",
    "uk": "ЗРАЗОК — вигадані демо-дані, не реальна людина.",
    "ru": "ОБРАЗЕЦ — выдуманные демо-данные, не реальный человек.",
}

ASHUROK = {
    "biography": {
        "en": "Political prisoner who died in Shklov penal colony No. 17 on 21 May 2021 in unexplained "
        "circumstances. The Belarusian democratic community marks 21 May as the Day of Solidarity with "
        "Belarusian political prisoners.",
        "be": "Палітвязень, які памёр у шклоўскай калоніі № 17 21 траўня 2021 года пры нявысветленых абставінах. "
        "Беларуская дэмакратычная супольнасць адзначае 21 траўня як Дзень салідарнасці з беларускімі палітвязнямі.",
        "uk": "Політв’язень, який помер у шкловській колонії № 17 21 травня 2021 року за нез’ясованих обставин. "
        "Білоруська демократична спільнота відзначає 21 травня як День солідарності з білоруськими політв’язнями.",
        "ru": "Политзаключённый, умерший в шкловской колонии № 17 21 мая 2021 года при невыясненных обстоятельствах. "
        "Белорусское демократическое сообщество отмечает 21 мая как День солидарности с белорусскими "
        "политзаключёнными.",
    },
    "detained_note": {
        "en": "Date approximate (demo data).",
        "be": "Дата прыблізная (дэма-даныя).",
        "uk": "Дата приблизна (демо-дані).",
        "ru": "Дата приблизительная (демо-данные).",
    },
    "died_note": {
        "en": "Died in Shklov penal colony No. 17 in unexplained circumstances.",
        "be": "Памёр у шклоўскай калоніі № 17 пры нявысветленых абставінах.",
        "uk": "Помер у шкловській колонії № 17 за нез’ясованих обставин.",
        "ru": "Умер в шкловской колонии № 17 при невыясненных обстоятельствах.",
    },
}

# English name (the key records use) -> the other languages.
PLACES = {
    "Penal colony No. 17, Shklov": {
        "be": "Папраўчая калонія № 17, Шклоў",
        "uk": "Виправна колонія № 17, Шклов",
        "ru": "Исправительная колония № 17, Шклов",
    },
    "Penal colony No. 3, Vitebsk": {
        "be": "Папраўчая калонія № 3, Віцебск",
        "uk": "Виправна колонія № 3, Вітебськ",
        "ru": "Исправительная колония № 3, Витебск",
    },
    "Pre-trial prison No. 1, Minsk": {"be": "СІЗА № 1, Мінск", "uk": "СІЗО № 1, Мінськ", "ru": "СИЗО № 1, Минск"},
    "Penal colony No. 4, Gomel": {
        "be": "Папраўчая калонія № 4, Гомель",
        "uk": "Виправна колонія № 4, Гомель",
        "ru": "Исправительная колония № 4, Гомель",
    },
    "Penal colony No. 22, Ivatsevichy": {
        "be": "Папраўчая калонія № 22, Івацэвічы",
        "uk": "Виправна колонія № 22, Івацевичі",
        "ru": "Исправительная колония № 22, Ивацевичи",
    },
    "Prison No. 8, Zhodzina": {"be": "Турма № 8, Жодзіна", "uk": "В’язниця № 8, Жодіно", "ru": "Тюрьма № 8, Жодино"},
    "Pre-trial prison No. 1, Grodno": {"be": "СІЗА № 1, Гродна", "uk": "СІЗО № 1, Гродно", "ru": "СИЗО № 1, Гродно"},
}

# Short descriptions of the Criminal Code of the Republic of Belarus, marked as samples for editors to check.
ARTICLE_SOURCE = (
    "Criminal Code of the Republic of Belarus (sample: check against the current text)",
    "https://pravo.by/",
)
ARTICLES = {
    "342": {
        "en": "Organising or preparing actions that grossly violate public order, or actively taking part in them",
        "be": "Арганізацыя і падрыхтоўка дзеянняў, якія груба парушаюць грамадскі парадак, або актыўны ўдзел у іх",
        "uk": "Організація та підготовка дій, що грубо порушують громадський порядок, або активна участь у них",
        "ru": "Организация и подготовка действий, грубо нарушающих общественный порядок, либо активное участие в них",
    },
    "361-1": {
        "en": "Creating an extremist formation or taking part in one",
        "be": "Стварэнне экстрэмісцкага фарміравання або ўдзел у ім",
        "uk": "Створення екстремістського формування або участь у ньому",
        "ru": "Создание экстремистского формирования либо участие в нём",
    },
    "130": {
        "en": "Inciting racial, national, religious or other social hostility or discord",
        "be": "Распальванне расавай, нацыянальнай, рэлігійнай або іншай сацыяльнай варожасці або розні",
        "uk": "Розпалювання расової, національної, релігійної або іншої соціальної ворожнечі чи розбрату",
        "ru": "Разжигание расовой, национальной, религиозной либо иной социальной вражды или розни",
    },
    "368": {
        "en": "Insulting the President of the Republic of Belarus",
        "be": "Абраза Прэзідэнта Рэспублікі Беларусь",
        "uk": "Образа Президента Республіки Білорусь",
        "ru": "Оскорбление Президента Республики Беларусь",
    },
    "369": {
        "en": "Insulting a representative of the authorities",
        "be": "Абраза прадстаўніка ўлады",
        "uk": "Образа представника влади",
        "ru": "Оскорбление представителя власти",
    },
    "364": {
        "en": "Violence or the threat of violence against a police officer",
        "be": "Гвалт або пагроза прымянення гвалту ў адносінах да супрацоўніка органаў унутраных спраў",
        "uk": "Насильство або погроза застосування насильства щодо співробітника органів внутрішніх справ",
        "ru": "Насилие либо угроза применения насилия в отношении сотрудника органов внутренних дел",
    },
    "293": {"en": "Mass riots", "be": "Масавыя беспарадкі", "uk": "Масові заворушення", "ru": "Массовые беспорядки"},
    "361-4": {
        "en": "Assisting extremist activity",
        "be": "Садзейнічанне экстрэмісцкай дзейнасці",
        "uk": "Сприяння екстремістській діяльності",
        "ru": "Содействие экстремистской деятельности",
    },
}

# Years of a sentence: (one, few, many) as each language's plural rules choose them.
_YEARS = {
    "en": ("year", "years", "years"),
    "be": ("год", "гады", "гадоў"),
    "uk": ("рік", "роки", "років"),
    "ru": ("год", "года", "лет"),
}
_COLONY = {
    "en": "general-regime colony",
    "be": "калонія агульнага рэжыму",
    "uk": "колонія загального режиму",
    "ru": "колония общего режима",
}


def _plural_form(number: int, language: str) -> int:
    if language == "en":
        return 0 if number == 1 else 2
    if number % 10 == 1 and number % 100 != 11:
        return 0
    return 1 if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14 else 2


def sentence(years: int) -> dict[str, str]:
    """A sample sentence ("3 years, general-regime colony") in every language."""
    return {
        language: f"{years} {words[_plural_form(years, language)]}, {_COLONY[language]}"
        for language, words in _YEARS.items()
    }
