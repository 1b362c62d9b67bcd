"""The intake area: staff record input that reached government by phone, in person, by mail or at a workshop."""
