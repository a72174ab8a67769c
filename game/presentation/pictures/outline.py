"""A simplified outline of the Korean peninsula and southern Manchuria, in degrees.

Traced by hand from known coastal points (capes, river mouths and ports) at roughly
20-50 km spacing: enough for a map a terminal draws at a few kilometres a dot.
Each line is a list of (latitude, longitude) points.
"""

# The coast from the Liao river mouth round the Liaodong peninsula, down the west coast
# of Korea, round the south coast and up the east coast to the Tumen river mouth.
COAST = [
    (40.88, 121.85),  # Liao river mouth
    (40.67, 122.23),  # Yingkou
    (40.25, 122.10),
    (39.80, 121.50),  # Wafangdian coast
    (39.35, 121.40),
    (38.95, 121.10),
    (38.72, 121.18),  # Lushun, tip of the Liaodong peninsula
    (38.90, 121.65),  # Dalian
    (39.10, 122.05),
    (39.45, 122.70),
    (39.68, 123.20),  # Zhuanghe
    (39.80, 123.80),
    (39.85, 124.20),  # towards the Yalu mouth
    (39.80, 124.40),  # Yalu mouth (Sindo)
    (39.60, 124.65),  # Cholsan peninsula
    (39.70, 125.00),
    (39.55, 125.30),  # Chongchon mouth
    (39.10, 125.20),
    (38.72, 125.35),  # Nampo, the Taedong mouth
    (38.60, 125.00),
    (38.25, 124.85),
    (38.05, 124.70),  # Cape Changsan
    (37.80, 125.20),  # Ongjin
    (37.98, 125.70),  # Haeju
    (37.70, 126.10),
    (37.75, 126.50),  # Ganghwa
    (37.45, 126.60),  # Incheon
    (37.00, 126.50),
    (36.80, 126.10),  # Taean peninsula
    (36.30, 126.50),
    (35.98, 126.70),  # Gunsan
    (35.40, 126.40),
    (34.80, 126.38),  # Mokpo
    (34.30, 126.55),  # Haenam, the south-western tip
    (34.50, 127.20),
    (34.75, 127.70),  # Yeosu
    (34.90, 128.30),
    (35.10, 129.05),  # Busan
    (35.50, 129.40),  # Ulsan
    (36.08, 129.57),  # Homigot
    (36.60, 129.42),
    (37.45, 129.17),  # Samcheok
    (37.75, 128.90),  # Gangneung
    (38.20, 128.60),  # Sokcho
    (38.60, 128.35),
    (39.15, 127.45),  # Wonsan
    (39.45, 127.40),
    (39.83, 127.62),  # Hungnam
    (40.03, 128.20),  # Sinpo
    (40.40, 128.75),
    (40.67, 129.20),  # Kimchaek
    (41.20, 129.60),
    (41.78, 129.80),  # Chongjin
    (42.00, 130.10),
    (42.30, 130.70),  # Tumen mouth
]

# The Yalu from its mouth up to its source near Mount Paektu.
YALU = [
    (39.80, 124.40),
    (40.10, 124.40),  # Sinuiju and Antung
    (40.45, 124.95),  # Sup'ung dam
    (40.85, 125.60),
    (41.15, 126.30),  # Manpo
    (41.45, 126.90),
    (41.40, 127.50),
    (41.40, 128.20),  # Hyesan
    (42.00, 128.10),  # near Mount Paektu
]

# The Tumen from Mount Paektu to the sea.
TUMEN = [
    (42.00, 128.10),
    (42.20, 128.90),
    (42.25, 129.20),  # Musan
    (42.45, 129.75),  # Hoeryong
    (42.95, 129.90),  # Namyang
    (42.60, 130.30),
    (42.30, 130.70),
]

# The 38th parallel across the peninsula, from the west coast to the east.
PARALLEL_38 = [(38.0, 124.75), (38.0, 128.70)]

# The map's frame: southern Manchuria down to the Korea Strait.
BOUNDS = {"north": 43.2, "south": 33.9, "west": 121.0, "east": 131.0}
