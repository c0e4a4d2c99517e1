"""Agency supervision by 双随机、一公开 (DOMAIN §4): the random spot-check draw (draw.py) and, later, the rest."""
