"""Mexico's 32 states: their INEGI codes, the name the atlas writes, and the other names files use for them.

One list for the importer (a file's admin1 column) and for official tables (SESNSP, INEGI, CONAPO), which
name the same state in several ways: "Coahuila" and "Coahuila de Zaragoza", "México" and "Estado de México",
"Distrito Federal" before 2016 and "Ciudad de México" after.
"""

from __future__ import annotations

# Code -> the state's name as written across geodata/ (see geodata/municipalities.csv).
STATE_NAMES = {
    "01": "Aguascalientes", "02": "Baja California", "03": "Baja California Sur", "04": "Campeche",
    "05": "Coahuila", "06": "Colima", "07": "Chiapas", "08": "Chihuahua", "09": "Ciudad de México",
    "10": "Durango", "11": "Guanajuato", "12": "Guerrero", "13": "Hidalgo", "14": "Jalisco", "15": "México",
    "16": "Michoacán", "17": "Morelos", "18": "Nayarit", "19": "Nuevo León", "20": "Oaxaca", "21": "Puebla",
    "22": "Querétaro", "23": "Quintana Roo", "24": "San Luis Potosí", "25": "Sinaloa", "26": "Sonora",
    "27": "Tabasco", "28": "Tamaulipas", "29": "Tlaxcala", "30": "Veracruz", "31": "Yucatán", "32": "Zacatecas",
}

# Other spellings: INEGI's long official names, SESNSP's and the press's short ones, English ones.
OTHER_SPELLINGS = {
    "02": ("Baja California Norte",),
    "05": ("Coahuila de Zaragoza",),
    "09": ("Distrito Federal", "CDMX", "Ciudad de Mexico D.F.", "Mexico City", "Federal District"),
    "15": ("Estado de México", "Edomex", "State of Mexico", "Mexico State"),
    "16": ("Michoacán de Ocampo",),
    "22": ("Querétaro de Arteaga", "Querétaro Arteaga"),
    "30": ("Veracruz de Ignacio de la Llave", "Veracruz-Llave"),
}
