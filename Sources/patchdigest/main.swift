print("patchdigest")
