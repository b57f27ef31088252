package dev.gitflags.internal.flagd;

/** A flag flagd cannot reproduce exactly; the message says why, in words for the person exporting. */
final class Unexportable extends Exception {

    Unexportable(String reason) {
        super(reason, null, false, false);
    }
}
