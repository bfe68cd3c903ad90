package dev.pawscope.host.dataset.synth;

/** Which shade of its palette a part is painted in; the palette turns it into a gray level. */
enum Tone {
    /** The main colour: fur, or an object's body. */
    BASE,
    /** Limbs on the far side of the body, slightly darker so the near ones stand out. */
    SHADOW,
    /** Patches and details in a contrasting shade (saddle, bib, ears, a ball's stripe, a plant pot). */
    MARKING,
    /** Eyes and noses. */
    DARK
}
