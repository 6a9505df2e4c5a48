print("merit")
