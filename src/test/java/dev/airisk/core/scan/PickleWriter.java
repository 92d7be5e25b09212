package dev.airisk.core.scan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Emits pickle opcodes directly, so tests build their corpus without Python. */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PickleWriter raw(String latin1) {
        return raw(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    PickleWriter le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleWriter proto(int v) {
        return op(0x80).le(v, 1);
    }

    PickleWriter frame(long n) {
        return op(0x95).le(n, 8);
    }

    /** Protocol 0-3 text GLOBAL: {@code c module\nname\n}. */
    PickleWriter global(String module, String name) {
        return op('c').raw(module + "\n" + name + "\n");
    }

    PickleWriter inst(String module, String name) {
        return op('i').raw(module + "\n" + name + "\n");
    }

    PickleWriter stackGlobal() {
        return op(0x93);
    }

    PickleWriter shortUnicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op(0x8c).le(b.length, 1).raw(b);
    }

    PickleWriter binUnicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').le(b.length, 4).raw(b);
    }

    PickleWriter binUnicode8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op(0x8d).le(b.length, 8).raw(b);
    }

    PickleWriter unicode0(String s) {
        return op('V').raw(s + "\n");
    }

    PickleWriter string0(String quoted) {
        return op('S').raw(quoted + "\n");
    }

    PickleWriter shortBinString(String s) {
        return op('U').le(s.length(), 1).raw(s);
    }

    PickleWriter binString(String s) {
        return op('T').le(s.length(), 4).raw(s);
    }

    PickleWriter shortBinBytes(byte[] b) {
        return op('C').le(b.length, 1).raw(b);
    }

    PickleWriter binBytes(byte[] b) {
        return op('B').le(b.length, 4).raw(b);
    }

    PickleWriter binBytes8(byte[] b) {
        return op(0x8e).le(b.length, 8).raw(b);
    }

    PickleWriter byteArray8(byte[] b) {
        return op(0x96).le(b.length, 8).raw(b);
    }

    PickleWriter binInt1(int v) {
        return op('K').le(v, 1);
    }

    PickleWriter binInt(int v) {
        return op('J').le(v, 4);
    }

    PickleWriter long1(byte[] littleEndian) {
        return op(0x8a).le(littleEndian.length, 1).raw(littleEndian);
    }

    PickleWriter binput(int key) {
        return op('q').le(key, 1);
    }

    PickleWriter longBinput(long key) {
        return op('r').le(key, 4);
    }

    PickleWriter binget(int key) {
        return op('h').le(key, 1);
    }

    PickleWriter longBinget(long key) {
        return op('j').le(key, 4);
    }

    PickleWriter put(int key) {
        return op('p').raw(key + "\n");
    }

    PickleWriter get(int key) {
        return op('g').raw(key + "\n");
    }

    PickleWriter memoize() {
        return op(0x94);
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter tuple1() {
        return op(0x85);
    }

    PickleWriter tuple2() {
        return op(0x86);
    }

    PickleWriter tuple3() {
        return op(0x87);
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter build() {
        return op('b');
    }

    PickleWriter stop() {
        return op('.');
    }

    /** {@code callable(arg)} with a string argument: the shape of every os.system exploit. */
    PickleWriter callWithString(String arg) {
        return shortUnicode(arg).tuple1().reduce();
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
