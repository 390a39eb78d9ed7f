#!/usr/bin/python3
"""Lets a prebuilt shared library load against an older libstdc++ when it only *names* a newer version.

TorchSharp 0.107.0's native shim libLibTorchSharp.so was linked against GCC 13's libstdc++, so its version-needs
table asks libstdc++.so.6 for GLIBCXX_3.4.32; Debian 12 ships GCC 12's libstdc++ (up to GLIBCXX_3.4.30), and the
dynamic loader refuses the library. The one symbol of that version is `std::ios_base_library_init()`, which GCC 13's
<iostream> references with a bare `.globl` (no call, no relocation) only to pull in the newer library.

For every version the library needs from libstdc++.so.6 that the system's libstdc++ does not define, this script
checks that each dynamic symbol bound to that version is undefined *and* referenced by no relocation (so the loader
never resolves it), and only then marks the requirement weak (VER_FLG_WEAK): glibc's loader skips weak version
requirements it cannot meet. Any symbol of a missing version that is really used makes it fail with its name, and
nothing is written. It patches the file in place: run it on the copy in the build output, never the NuGet cache.

usage: weaken-glibcxx.py <library.so> [<system libstdc++.so.6>]
"""
import struct
import sys

SHT_RELA, SHT_DYNSYM = 4, 11
SHT_GNU_VERDEF, SHT_GNU_VERNEED, SHT_GNU_VERSYM = 0x6FFFFFFD, 0x6FFFFFFE, 0x6FFFFFFF
VER_FLG_WEAK = 0x2
LIBSTDCXX = "libstdc++.so.6"


class Elf:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = bytearray(f.read())
        if self.data[:4] != b"\x7fELF" or self.data[4] != 2 or self.data[5] != 1:
            raise SystemExit(f"{path}: not a little-endian 64-bit ELF file")
        shoff, = struct.unpack_from("<Q", self.data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", self.data, 0x3A)
        self.sections = []
        for i in range(shnum):
            _, typ, _, _, off, size, link, info, _, entsize = struct.unpack_from("<IIQQQQIIQQ", self.data, shoff + i * shentsize)
            self.sections.append({"index": i, "type": typ, "offset": off, "size": size, "link": link, "entsize": entsize})

    def of_type(self, typ):
        return [s for s in self.sections if s["type"] == typ]

    def string(self, strtab, offset):
        start = self.sections[strtab]["offset"] + offset
        return self.data[start:self.data.index(0, start)].decode()

    def defined_versions(self):
        names = set()
        for sec in self.of_type(SHT_GNU_VERDEF):
            pos = sec["offset"]
            while True:
                _, _, _, cnt, _, aux, nxt = struct.unpack_from("<HHHHIII", self.data, pos)
                name, = struct.unpack_from("<I", self.data, pos + aux)
                names.add(self.string(sec["link"], name))
                if nxt == 0:
                    break
                pos += nxt
        return names

    def needed_versions(self, file):
        """(file offset of the vernaux entry, version name, version index) for each version needed from `file`."""
        out = []
        for sec in self.of_type(SHT_GNU_VERNEED):
            pos = sec["offset"]
            while True:
                _, cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", self.data, pos)
                aux = pos + vn_aux
                for _ in range(cnt):
                    _, _, other, name, nxt = struct.unpack_from("<IHHII", self.data, aux)
                    if self.string(sec["link"], vn_file) == file:
                        out.append((aux, self.string(sec["link"], name), other))
                    aux += nxt
                if vn_next == 0:
                    break
                pos += vn_next
        return out

    def symbols_of_version(self, index):
        """(name, defined, referenced by a relocation) for each dynamic symbol bound to version `index`."""
        dynsym = self.of_type(SHT_DYNSYM)[0]
        versym = self.of_type(SHT_GNU_VERSYM)[0]
        relocated = set()
        for rela in self.of_type(SHT_RELA):
            if rela["link"] == dynsym["index"]:
                for pos in range(rela["offset"], rela["offset"] + rela["size"], 24):
                    relocated.add(struct.unpack_from("<Q", self.data, pos + 8)[0] >> 32)
        out = []
        for i in range(dynsym["size"] // 24):
            ver, = struct.unpack_from("<H", self.data, versym["offset"] + 2 * i)
            if ver & 0x7FFF == index:
                name, _, _, shndx = struct.unpack_from("<IBBH", self.data, dynsym["offset"] + 24 * i)
                out.append((self.string(dynsym["link"], name), shndx != 0, i in relocated))
        return out


def main(argv):
    if len(argv) not in (2, 3):
        raise SystemExit(__doc__)
    path = argv[1]
    system = argv[2] if len(argv) == 3 else "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"
    lib, have = Elf(path), Elf(system).defined_versions()
    missing = [(pos, name, index) for pos, name, index in lib.needed_versions(LIBSTDCXX) if name not in have]
    if not missing:
        print(f"{path}: every libstdc++ version it needs is in {system}; nothing to do")
        return
    for pos, name, index in missing:
        for sym, defined, relocated in lib.symbols_of_version(index):
            if defined or relocated:
                raise SystemExit(f"{path}: needs {sym}@{name}, which {system} lacks and the library really uses; "
                                 "install a newer libstdc++ or use an older TorchSharp")
    for pos, name, index in missing:
        flags, = struct.unpack_from("<H", lib.data, pos + 4)
        struct.pack_into("<H", lib.data, pos + 4, flags | VER_FLG_WEAK)
        syms = ", ".join(s for s, _, _ in lib.symbols_of_version(index)) or "none"
        print(f"{path}: {name} (not in {system}) marked weak; its symbols ({syms}) are never resolved")
    with open(path, "r+b") as f:
        f.write(lib.data)


if __name__ == "__main__":
    main(sys.argv)
