"""Generation stage: turns approved jobs into raw story videos via Triton."""
