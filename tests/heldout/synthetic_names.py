"""Invented names and places for the held-out corpus: none is a real patient's."""

# Invented names, chosen not to be English words or DICOM terms so a match is a leak.
ASCII_FAMILY = [
    "Quorvath", "Blenkiron", "Tazewellby", "Drummelow", "Pellinoreth", "Saxbury", "Wrenfield",
    "Hollowmere", "Castellane", "Ibbotsley", "Yarrowdale", "Kestrelby", "Ormsgill", "Thistlewode",
    "Vantreight", "Grindlesworth", "Fennickow", "Oakhartley", "Marrowind", "Dunsterholt",
]
ASCII_GIVEN = [
    "Elvira", "Marisol", "Thaddeus", "Corvina", "Leontyne", "Brannoch", "Isoldine", "Peregrin",
    "Wilhelmina", "Ottoline", "Caspian", "Rosalind", "Evander", "Philippa", "Lysander",
    "Seraphine", "Barnaby", "Cordelia", "Ignatius", "Henrietta",
]
LATIN1_FAMILY = [
    "Brønnevik", "Müllerhaus", "Ødegårdsen", "Fernández-Ibarrola", "Châtelbrun", "Ståhlgren",
    "Iñárritugoa", "Lefèvre-Dumontel", "Åkerlund-Söderby", "Gaßnerhof",
]
LATIN1_GIVEN = ["Gaëlle", "Zoëlla", "Íñigo", "Béatrice", "Jürgenth", "Sørine", "Anaïs", "Màrius"]
LATIN_EXT_FAMILY = ["Łęczyńska", "Šťastnová", "Dvořáčková", "Őrházyné", "Çağlayanöz"]
LATIN_EXT_GIVEN = ["Małgorzata", "Přemysl", "Ştefănel", "Jiřina"]
CYRILLIC = [("Вострякова", "Ефросинья"), ("Железнов", "Всеволод"), ("Кудрявцев", "Святослав"),
            ("Тихомирова", "Агафья")]
GREEK = [("Κωνσταντινίδης", "Σπυρίδων"), ("Ζαχαρόπουλος", "Ευανθία"), ("Παπαδοπούλου", "Αθηνά")]
CHINESE = [("欧阳", "晓明", "Ouyang", "Xiaoming"), ("司马", "静怡", "Sima", "Jingyi"),
           ("诸葛", "子瑜", "Zhuge", "Ziyu")]
JAPANESE = [("Kurosawabe", "Tsunemori", "黒沢部", "常盛", "くろさわべ", "つねもり"),
            ("Hoshizukiya", "Kazuhane", "星月谷", "和羽", "ほしづきや", "かずはね")]
KOREAN = [("Namgung", "Dohyeon", "南宮", "道鉉", "남궁", "도현"),
          ("Hwangbo", "Seojin", "皇甫", "瑞珍", "황보", "서진")]
STAFF = [("Abernathy-Rusk", "Quilla"), ("Pendergrove", "Oswin"), ("Lockwoodine", "Mercy-Ann"),
         ("Straughan", "Tobiah"), ("Vexford", "Honora"), ("Crumbleigh", "Aldous")]
STREETS = ["Harrowgate", "Quillon", "Brackenfold", "Sallowmead", "Tamberlyn", "Cobbleworth"]
STREET_TYPES = ["Lane", "Street", "Road", "Crescent", "Way"]
CITIES = ["Vellmoor", "Ashbrindle", "Kettering Vale", "Dunmarrow", "Pollardine"]
STATES = ["VT", "OR", "ME", "NM"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
