"""Per-country data for the corpus: names, cities with their postcodes and dialling codes, e-mail domains.

Numbering follows the national plans (US NANP area codes, UK Ofcom geographic and mobile ranges, German
Vorwahlen, French zones, Brazilian DDDs, Indian STD codes), so that numbers look like real ones.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    """A city: its name, the trunk codes of its fixed lines and its postcodes.

    `postcodes` is an inclusive (low, high) range of the leading digits for numeric systems (5 digits in
    the US, DE and FR, the first 5 of a Brazilian CEP, 6 in India), or outward codes for the UK.
    """

    name: str
    area_codes: tuple
    postcodes: tuple


@dataclass(frozen=True)
class Locale:
    """A country: its ISO code, language of free text, names, cities and e-mail domains."""

    code: str
    language: str
    country_names: tuple
    first_names: tuple
    last_names: tuple
    cities: tuple
    email_domains: tuple
    currency: str


US = Locale(
    "US", "en", ("United States", "USA", "US"),
    ("James", "Mary", "Michael", "Jennifer", "Robert", "Linda", "David", "Emily", "Daniel", "Ashley",
     "Chris", "Jessica", "Kevin", "Sarah", "Brian", "Megan", "Tyler", "Brittany", "José", "Zoë"),
    ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
     "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "O'Connor", "Nguyen", "Kim", "Washington"),
    (City("New York", ("212", "646", "718", "917"), (10000, 10099)),
     City("San Francisco", ("415", "628"), (94100, 94199)),
     City("Chicago", ("312", "773", "872"), (60600, 60699)),
     City("Boston", ("617", "857"), (2100, 2199)),
     City("Seattle", ("206",), (98100, 98199)),
     City("Miami", ("305", "786"), (33100, 33199)),
     City("Houston", ("713", "832", "281"), (77000, 77099)),
     City("Atlanta", ("404", "470", "678"), (30300, 30399)),
     City("Denver", ("303", "720"), (80200, 80299)),
     City("Austin", ("512", "737"), (78700, 78799))),
    ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "hotmail.com", "comcast.net",
     "acme-corp.com", "mail.northwind.us", "cs.stanford.edu", "verizon.net"),
    "USD")

GB = Locale(
    "GB", "en", ("United Kingdom", "UK", "GB", "Great Britain"),
    ("Oliver", "Amelia", "Harry", "Isla", "George", "Olivia", "Jack", "Emily", "Charlie", "Sophie",
     "Alfie", "Grace", "Thomas", "Freya", "Siobhan", "Rhys"),
    ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker",
     "Wright", "Hughes", "Davies", "O'Brien", "Patel", "Khan", "MacDonald"),
    (City("London", ("20",), ("SW1A", "EC1A", "W1D", "N1", "SE1", "E14", "NW3", "WC2H", "SW11", "E1")),
     City("Manchester", ("161",), ("M1", "M2", "M4", "M13", "M14", "M20")),
     City("Birmingham", ("121",), ("B1", "B3", "B5", "B15", "B29")),
     City("Edinburgh", ("131",), ("EH1", "EH3", "EH8", "EH10")),
     City("Bristol", ("117",), ("BS1", "BS2", "BS6", "BS8")),
     City("Leeds", ("113",), ("LS1", "LS2", "LS6", "LS11")),
     City("Glasgow", ("141",), ("G1", "G2", "G3", "G12")),
     City("Cardiff", ("29",), ("CF10", "CF11", "CF14", "CF24"))),
    ("gmail.com", "btinternet.com", "yahoo.co.uk", "hotmail.co.uk", "sky.com", "nhs.net",
     "eng.ox.ac.uk", "virginmedia.com", "talktalk.net", "mail.tesco-bank.co.uk"),
    "GBP")

DE = Locale(
    "DE", "de", ("Deutschland", "Germany", "DE"),
    ("Lukas", "Anna", "Jonas", "Lea", "Maximilian", "Sophie", "Felix", "Marie", "Jürgen", "Sabine",
     "Björn", "Käthe", "Uwe", "Doris", "Mehmet", "Özlem", "Lena", "Tobias"),
    ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
     "Hoffmann", "Schäfer", "Koch", "Bauer", "Groß", "Köhler", "Yılmaz", "Weiß", "Krüger"),
    (City("Berlin", ("30",), (10115, 14199)),
     City("Hamburg", ("40",), (20095, 22769)),
     City("München", ("89",), (80331, 81929)),
     City("Köln", ("221",), (50667, 51149)),
     City("Frankfurt am Main", ("69",), (60306, 60599)),
     City("Stuttgart", ("711",), (70173, 70629)),
     City("Leipzig", ("341",), (4103, 4357)),
     City("Düsseldorf", ("211",), (40210, 40629))),
    ("gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "mail.de", "firma-schulz.de",
     "stud.uni-heidelberg.de", "gmx.net", "freenet.de"),
    "EUR")

FR = Locale(
    "FR", "fr", ("France", "FR"),
    ("Léa", "Hugo", "Chloé", "Lucas", "Manon", "Louis", "Camille", "Gabriel", "Zoé", "Raphaël",
     "Élodie", "François", "Inès", "Noël", "Maëlle", "Théo"),
    ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
     "Moreau", "Lefèvre", "Garnier", "Rousseau", "Fournier", "Benoît", "Girard", "Roux"),
    (City("Paris", ("1",), (75001, 75020)),
     City("Lyon", ("4",), (69001, 69009)),
     City("Marseille", ("4",), (13001, 13016)),
     City("Toulouse", ("5",), (31000, 31500)),
     City("Nice", ("4",), (6000, 6300)),
     City("Bordeaux", ("5",), (33000, 33800)),
     City("Lille", ("3",), (59000, 59800)),
     City("Nantes", ("2",), (44000, 44300))),
    ("orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr", "wanadoo.fr", "hotmail.fr",
     "univ-lyon1.fr", "entreprise-dupont.fr", "yahoo.fr"),
    "EUR")

BR = Locale(
    "BR", "pt", ("Brasil", "Brazil", "BR"),
    ("João", "Maria", "Ana", "Pedro", "Lucas", "Juliana", "Gabriel", "Fernanda", "Rafael", "Beatriz",
     "Thiago", "Letícia", "Antônio", "Conceição", "Vinícius", "Luíza"),
    ("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
     "Gomes", "Conceição", "Araújo", "Ribeiro", "Carvalho", "Magalhães", "Simões"),
    (City("São Paulo", ("11",), (1000, 5999)),
     City("Rio de Janeiro", ("21",), (20000, 23799)),
     City("Belo Horizonte", ("31",), (30000, 31999)),
     City("Curitiba", ("41",), (80000, 82999)),
     City("Porto Alegre", ("51",), (90000, 91999)),
     City("Brasília", ("61",), (70000, 72799)),
     City("Salvador", ("71",), (40000, 42599)),
     City("Recife", ("81",), (50000, 52999)),
     City("Fortaleza", ("85",), (60000, 61599))),
    ("gmail.com", "uol.com.br", "bol.com.br", "terra.com.br", "hotmail.com", "empresa.com.br",
     "yahoo.com.br", "usp.br", "ig.com.br", "globo.com"),
    "BRL")

IN = Locale(
    "IN", "hi-en", ("India", "IN", "Bharat"),
    ("Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rahul", "Pooja",
     "Amit", "Neha", "Sanjay", "Lakshmi", "Harpreet", "Farhan"),
    ("Sharma", "Verma", "Gupta", "Patel", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Mehta",
     "Joshi", "Banerjee", "Chatterjee", "Khan", "Menon", "D'Souza"),
    (City("New Delhi", ("11",), (110001, 110096)),
     City("Mumbai", ("22",), (400001, 400104)),
     City("Bengaluru", ("80",), (560001, 560103)),
     City("Chennai", ("44",), (600001, 600119)),
     City("Kolkata", ("33",), (700001, 700156)),
     City("Hyderabad", ("40",), (500001, 500096)),
     City("Pune", ("20",), (411001, 411062))),
    ("gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com", "infosys.com", "mail.iitb.ac.in",
     "hotmail.com", "tcs.co.in", "zoho.in"),
    "INR")

ALL = (US, GB, DE, FR, BR, IN)
BY_CODE = {locale.code: locale for locale in ALL}
# Relative weights of the locales in the corpus.
WEIGHTS = (30, 15, 18, 12, 13, 12)

# Letters allowed in a UK postcode's inward code (no C, I, K, M, O, V).
UK_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
