"""Alive's contracts: the generated protobuf code lives in the ``alive`` package
(``alive.<area>.v1``); this package adds what protobuf cannot say, the topics."""
