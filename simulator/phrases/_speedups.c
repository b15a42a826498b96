/* The phrase index's per-text tests in C: an optional accelerator of simulator/phrases/index.py.
 *
 * Every function here has a pure-Python original that stays the reference (index.py,
 * Catalogue.candidates; tests/phrases/test_speedups.py runs both on the same texts and compares):
 * the same tests, in the same order, with the same double-precision arithmetic (built with
 * -ffp-contract=off, so no fused multiply-add changes a sum), hence the same answers. What C
 * changes is the representation: a set of phrases is an array of 64-bit words and a count a
 * small integer per phrase, where Python needs a big integer made per step.
 *
 * simulator/phrases/speedups.py loads this module only when it was built from this very source
 * (SOURCE_DIGEST, the SHA-256 of this file, is compiled in by setup.py), so a stale build after an
 * edit is never used; without a build the Python code runs.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#ifndef SOURCE_DIGEST
#define SOURCE_DIGEST ""
#endif

/* ---- a small set of code points (the characters or tokens of one text) ---------------- */

typedef struct {
    uint32_t *slots;
    Py_ssize_t mask;
    uint32_t local[128];
} CodeSet;

#define EMPTY_SLOT 0xFFFFFFFFu

static inline Py_ssize_t codeset_slot(uint32_t cp, Py_ssize_t mask) {
    return (Py_ssize_t)((cp * 2654435761u) >> 7) & mask;
}

static int codeset_init(CodeSet *s, PyObject *text) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t size = 16;
    while (size < 2 * n + 2) size <<= 1;
    if (size <= 128) {
        s->slots = s->local;
    } else {
        s->slots = PyMem_Malloc(sizeof(uint32_t) * (size_t)size);
        if (s->slots == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    s->mask = size - 1;
    memset(s->slots, 0xFF, sizeof(uint32_t) * (size_t)size);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t cp = PyUnicode_READ(kind, data, i);
        Py_ssize_t k = codeset_slot(cp, s->mask);
        while (s->slots[k] != EMPTY_SLOT && s->slots[k] != cp) k = (k + 1) & s->mask;
        s->slots[k] = cp;
    }
    return 0;
}

static inline int codeset_has(const CodeSet *s, uint32_t cp) {
    Py_ssize_t k = codeset_slot(cp, s->mask);
    while (s->slots[k] != EMPTY_SLOT) {
        if (s->slots[k] == cp) return 1;
        k = (k + 1) & s->mask;
    }
    return 0;
}

static void codeset_free(CodeSet *s) {
    if (s->slots != s->local) PyMem_Free(s->slots);
}

/* An open-addressing table of 64-bit keys (a code point, or a pair of them) to doubles. */
typedef struct {
    uint64_t *keys;
    double *values;
    uint8_t *used;
    Py_ssize_t mask;
} Table;

static inline Py_ssize_t table_slot(uint64_t key, Py_ssize_t mask) {
    key ^= key >> 29;
    key *= 0xBF58476D1CE4E5B9ull;
    key ^= key >> 32;
    return (Py_ssize_t)key & mask;
}

static int table_init(Table *t, Py_ssize_t count) {
    Py_ssize_t size = 16;
    while (size < 2 * count + 2) size <<= 1;
    t->keys = PyMem_Calloc((size_t)size, sizeof(uint64_t));
    t->values = PyMem_Calloc((size_t)size, sizeof(double));
    t->used = PyMem_Calloc((size_t)size, 1);
    t->mask = size - 1;
    if (!t->keys || !t->values || !t->used) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void table_free(Table *t) {
    PyMem_Free(t->keys);
    PyMem_Free(t->values);
    PyMem_Free(t->used);
    memset(t, 0, sizeof(Table));
}

/* Insert; 1 if the key was new, 0 if it was there (its value kept). */
static inline int table_put(Table *t, uint64_t key, double value) {
    Py_ssize_t k = table_slot(key, t->mask);
    while (t->used[k]) {
        if (t->keys[k] == key) return 0;
        k = (k + 1) & t->mask;
    }
    t->used[k] = 1;
    t->keys[k] = key;
    t->values[k] = value;
    return 1;
}

static inline const double *table_get(const Table *t, uint64_t key) {
    Py_ssize_t k = table_slot(key, t->mask);
    while (t->used[k]) {
        if (t->keys[k] == key) return &t->values[k];
        k = (k + 1) & t->mask;
    }
    return NULL;
}

/* ---- PhraseFilter: Catalogue.candidates ------------------------------------------------ */

typedef struct {
    uint32_t tok;  /* the token of a hard phrase position */
    uint32_t ch;   /* its character */
    double cost;   /* the cost of missing it */
} Check;

enum { ALWAYS = 1, PASS_ALL = 2, MASK_OK = 4 };

typedef struct {
    PyObject_HEAD
    Py_ssize_t n;           /* phrases */
    Py_ssize_t words;       /* 64-bit words of a phrase set */
    Py_ssize_t nrows;       /* index keys */
    Py_ssize_t *index_start, *index_ids;  /* per row: the phrases indexed under the key */
    uint16_t *need;         /* hard tokens a phrase needs the text to have */
    uint8_t *flags;
    double *total;          /* W of each phrase */
    Py_ssize_t *check_start;
    Check *checks;          /* per phrase: its hard positions, dearest first */
    PyObject *units;        /* per phrase: its unit index (an int) */
    PyObject *phrases;      /* per phrase: the Compiled phrase */
    PyObject *fallback;     /* reachable(c, syl, threshold) for the phrases without a mask test */
    Table row_of;           /* an index key (one code point) -> its row */
    Py_ssize_t *tok_start, *tok_rows;  /* per phrase: the rows of its hard tokens the mask test counts */
    uint64_t *always_bits;  /* the ALWAYS phrases as a set */
} PhraseFilter;

static void filter_free_arrays(PhraseFilter *f) {
    table_free(&f->row_of);
    PyMem_Free(f->tok_start);
    PyMem_Free(f->tok_rows);
    PyMem_Free(f->always_bits);
    f->tok_start = f->tok_rows = NULL;
    f->always_bits = NULL;
    PyMem_Free(f->index_start);
    PyMem_Free(f->index_ids);
    PyMem_Free(f->need);
    PyMem_Free(f->flags);
    PyMem_Free(f->total);
    PyMem_Free(f->check_start);
    PyMem_Free(f->checks);
    f->index_start = f->index_ids = f->check_start = NULL;
    f->need = NULL;
    f->flags = NULL;
    f->total = NULL;
    f->checks = NULL;
}

static void filter_dealloc(PhraseFilter *f) {
    filter_free_arrays(f);
    Py_XDECREF(f->units);
    Py_XDECREF(f->phrases);
    Py_XDECREF(f->fallback);
    Py_TYPE(f)->tp_free((PyObject *)f);
}

/* CSR arrays from a sequence of sequences of numbers below ``n``. */
static int read_rows(PyObject *seq, Py_ssize_t n, Py_ssize_t **start_out, Py_ssize_t **ids_out) {
    PyObject *fast = PySequence_Fast(seq, "rows must be a sequence");
    if (fast == NULL) return -1;
    Py_ssize_t nrows = PySequence_Fast_GET_SIZE(fast), total = 0;
    for (Py_ssize_t r = 0; r < nrows; r++) {
        Py_ssize_t len = PyObject_Length(PySequence_Fast_GET_ITEM(fast, r));
        if (len < 0) goto fail;
        total += len;
    }
    Py_ssize_t *start = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nrows + 1));
    Py_ssize_t *ids = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(total + 1));
    if (start == NULL || ids == NULL) {
        PyMem_Free(start);
        PyMem_Free(ids);
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t r = 0; r < nrows; r++) {
        start[r] = at;
        PyObject *row = PySequence_Fast(PySequence_Fast_GET_ITEM(fast, r), "a row must be a sequence");
        if (row == NULL) {
            PyMem_Free(start);
            PyMem_Free(ids);
            goto fail;
        }
        for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(row); k++) {
            Py_ssize_t pid = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(row, k));
            if (pid < 0 || pid >= n) {
                Py_DECREF(row);
                PyMem_Free(start);
                PyMem_Free(ids);
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a phrase id or row out of range");
                goto fail;
            }
            ids[at++] = pid;
        }
        Py_DECREF(row);
    }
    start[nrows] = at;
    *start_out = start;
    *ids_out = ids;
    Py_DECREF(fast);
    return 0;
fail:
    Py_DECREF(fast);
    return -1;
}

static uint32_t one_code_point(PyObject *s) {
    if (!PyUnicode_Check(s) || PyUnicode_GET_LENGTH(s) != 1) {
        PyErr_SetString(PyExc_ValueError, "a token and a character are one code point each");
        return EMPTY_SLOT;
    }
    return PyUnicode_READ_CHAR(s, 0);
}

/* PhraseFilter(rows, index_rows, counted, phrases, fallback)
 *   rows: dict key -> row number; index_rows: per row, the phrase ids indexed under its key;
 *   counted: per phrase, the rows of its hard tokens that its mask test counts;
 *   phrases: per phrase (unit index, Compiled, flags, need, total, ((token, char, cost), ...));
 *   fallback: callable(compiled, syllables, threshold) -> bool. */
static int filter_init(PhraseFilter *f, PyObject *args, PyObject *kwds) {
    PyObject *rows, *index_rows, *counted, *phrases, *fallback;
    if (!PyArg_ParseTuple(args, "O!OOOO:PhraseFilter", &PyDict_Type, &rows, &index_rows, &counted,
                          &phrases, &fallback))
        return -1;
    filter_free_arrays(f);
    PyObject *fast = PySequence_Fast(phrases, "phrases must be a sequence");
    if (fast == NULL) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    f->n = n;
    f->words = (n + 63) / 64;
    f->need = PyMem_Calloc((size_t)n + 1, sizeof(uint16_t));
    f->flags = PyMem_Calloc((size_t)n + 1, 1);
    f->total = PyMem_Calloc((size_t)n + 1, sizeof(double));
    f->check_start = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    PyObject *units = PyTuple_New(n), *compiled = PyTuple_New(n);
    Py_ssize_t nchecks = 0;
    if (!f->need || !f->flags || !f->total || !f->check_start || !units || !compiled) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t p = 0; p < n; p++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, p), *unit, *c, *dear;
        int flags, need;
        double total;
        if (!PyArg_ParseTuple(item, "OOiidO", &unit, &c, &flags, &need, &total, &dear)) goto fail;
        Py_ssize_t len = PyObject_Length(dear);
        if (len < 0) goto fail;
        nchecks += len;
        f->flags[p] = (uint8_t)flags;
        f->need[p] = (uint16_t)(need < 0 ? 0 : need > 65535 ? 65535 : need);
        f->total[p] = total;
        Py_INCREF(unit);
        PyTuple_SET_ITEM(units, p, unit);
        Py_INCREF(c);
        PyTuple_SET_ITEM(compiled, p, c);
    }
    f->checks = PyMem_Malloc(sizeof(Check) * (size_t)(nchecks + 1));
    if (f->checks == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t p = 0; p < n; p++) {
        f->check_start[p] = at;
        PyObject *dear = PySequence_Fast(PyTuple_GET_ITEM(PySequence_Fast_GET_ITEM(fast, p), 5),
                                         "checks must be a sequence");
        if (dear == NULL) goto fail;
        for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(dear); k++) {
            PyObject *tok, *ch;
            double cost;
            if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(dear, k), "OOd", &tok, &ch, &cost)) {
                Py_DECREF(dear);
                goto fail;
            }
            f->checks[at].tok = one_code_point(tok);
            f->checks[at].ch = one_code_point(ch);
            if (PyErr_Occurred()) {
                Py_DECREF(dear);
                goto fail;
            }
            f->checks[at].cost = cost;
            at++;
        }
        Py_DECREF(dear);
    }
    f->check_start[n] = at;
    if (read_rows(index_rows, n, &f->index_start, &f->index_ids) < 0) goto fail;
    Py_ssize_t nrows = PyObject_Length(index_rows);
    if (nrows < 0 || PyDict_GET_SIZE(rows) != nrows || PyObject_Length(counted) != n) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "one row per key, and one list of counted rows per phrase");
        goto fail;
    }
    if (read_rows(counted, nrows, &f->tok_start, &f->tok_rows) < 0) goto fail;
    f->nrows = nrows;
    if (table_init(&f->row_of, nrows) < 0) goto fail;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(rows, &pos, &key, &value)) {
        Py_ssize_t r = PyLong_AsSsize_t(value);
        if (r < 0 || r >= nrows) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "row out of range");
            goto fail;
        }
        uint32_t cp = one_code_point(key);  /* index keys are tokens and characters */
        if (PyErr_Occurred()) goto fail;
        table_put(&f->row_of, cp, (double)r);
    }
    f->always_bits = PyMem_Calloc((size_t)f->words + 1, sizeof(uint64_t));
    if (f->always_bits == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t p = 0; p < n; p++)
        if (f->flags[p] & ALWAYS) f->always_bits[p >> 6] |= (uint64_t)1 << (p & 63);
    Py_XDECREF(f->units);
    Py_XDECREF(f->phrases);
    Py_XDECREF(f->fallback);
    Py_INCREF(fallback);
    f->units = units;
    f->phrases = compiled;
    f->fallback = fallback;
    Py_DECREF(fast);
    return 0;
fail:
    Py_XDECREF(units);
    Py_XDECREF(compiled);
    Py_DECREF(fast);
    filter_free_arrays(f);
    f->n = 0;
    return -1;
}

static int add_to(PyObject *out, PyObject *unit, PyObject *c) {
    PyObject *list = PyDict_GetItemWithError(out, unit);
    if (list == NULL) {
        if (PyErr_Occurred()) return -1;
        list = PyList_New(0);
        if (list == NULL) return -1;
        int err = PyDict_SetItem(out, unit, list) < 0 || PyList_Append(list, c) < 0;
        Py_DECREF(list);
        return err ? -1 : 0;
    }
    return PyList_Append(list, c);
}

/* candidates(keys, tokens, chars, threshold, syl) -> {unit index: [Compiled, ...]}
 * Catalogue.candidates for a text with token bits: the index test (a key of the text holds the
 * phrase), the mask test (the text has enough of the phrase's hard tokens), then the cost of the
 * hard positions whose token the text's syllables lack and whose character the text lacks. */
static PyObject *filter_candidates(PhraseFilter *f, PyObject *args) {
    PyObject *keys, *tokens, *chars, *syl;
    double threshold;
    if (!PyArg_ParseTuple(args, "OUUdO:candidates", &keys, &tokens, &chars, &threshold, &syl)) return NULL;
    if (!PyAnySet_Check(keys)) {
        PyErr_SetString(PyExc_TypeError, "keys must be a set or frozenset");
        return NULL;
    }
    Py_ssize_t words = f->words, nrows = f->nrows;
    uint64_t stack_bits[64];
    uint8_t stack_rows[4096];
    uint64_t *indexed = words <= 64 ? stack_bits : PyMem_Calloc((size_t)words, sizeof(uint64_t));
    uint8_t *has_row = nrows <= 4096 ? stack_rows : PyMem_Calloc((size_t)nrows, 1);
    PyObject *out = NULL;
    CodeSet own, present;
    int own_ok = 0, present_ok = 0;
    if (indexed == NULL || has_row == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (words <= 64) memset(indexed, 0, sizeof(uint64_t) * (size_t)words);
    if (nrows <= 4096) memset(has_row, 0, (size_t)nrows);
    /* the index test: the OR of the phrases under the text's keys; and which keys it has */
    PyObject *iter = PyObject_GetIter(keys), *key;
    if (iter == NULL) goto done;
    while ((key = PyIter_Next(iter)) != NULL) {
        const double *row = NULL;
        if (PyUnicode_Check(key) && PyUnicode_GET_LENGTH(key) == 1)
            row = table_get(&f->row_of, PyUnicode_READ_CHAR(key, 0));
        Py_DECREF(key);
        if (row == NULL) continue;  /* (every index key is one code point) */
        Py_ssize_t r = (Py_ssize_t)*row;
        has_row[r] = 1;
        for (Py_ssize_t k = f->index_start[r]; k < f->index_start[r + 1]; k++) {
            Py_ssize_t pid = f->index_ids[k];
            indexed[pid >> 6] |= (uint64_t)1 << (pid & 63);
        }
    }
    Py_DECREF(iter);
    if (PyErr_Occurred()) goto done;
    if (codeset_init(&own, tokens) < 0) goto done;
    own_ok = 1;
    if (codeset_init(&present, chars) < 0) goto done;
    present_ok = 1;
    out = PyDict_New();
    if (out == NULL) goto done;
    double keep = 1 - threshold / 100;
    for (Py_ssize_t w = 0; w < words; w++) {
        uint64_t maybe = indexed[w] | f->always_bits[w];
        for (; maybe; maybe &= maybe - 1) {
            Py_ssize_t pid = w * 64 + __builtin_ctzll(maybe);
            uint8_t flags = f->flags[pid];
            if (!(flags & (ALWAYS | PASS_ALL))) {
                /* the mask test: how many of its hard tokens the text's keys have */
                long have = 0;
                for (Py_ssize_t k = f->tok_start[pid]; k < f->tok_start[pid + 1]; k++) have += has_row[f->tok_rows[k]];
                if (have < f->need[pid]) continue;
            }
            PyObject *c = PyTuple_GET_ITEM(f->phrases, pid);
            PyObject *unit = PyTuple_GET_ITEM(f->units, pid);
            if (!(flags & MASK_OK)) {
                PyObject *ok = PyObject_CallFunction(f->fallback, "OOd", c, syl, threshold);
                if (ok == NULL) goto fail;
                int truth = PyObject_IsTrue(ok);
                Py_DECREF(ok);
                if (truth < 0) goto fail;
                if (truth && add_to(out, unit, c) < 0) goto fail;
                continue;
            }
            double budget = f->total[pid] * keep + 1e-9, missing = 0.0;
            int reached = 1;
            for (Py_ssize_t k = f->check_start[pid]; k < f->check_start[pid + 1]; k++) {
                const Check *check = &f->checks[k];
                if (!codeset_has(&own, check->tok) && !codeset_has(&present, check->ch)) {
                    missing += check->cost;
                    if (missing > budget) {
                        reached = 0;
                        break;
                    }
                }
            }
            if (reached && add_to(out, unit, c) < 0) goto fail;
        }
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    if (own_ok) codeset_free(&own);
    if (present_ok) codeset_free(&present);
    if (indexed != stack_bits) PyMem_Free(indexed);
    if (has_row != stack_rows) PyMem_Free(has_row);
    return out;
}

static PyMethodDef filter_methods[] = {
    {"candidates", (PyCFunction)filter_candidates, METH_VARARGS,
     "candidates(keys, tokens, chars, threshold, syl) -> dict: Catalogue.candidates for a text"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PhraseFilterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "simulator.phrases._speedups.PhraseFilter",
    .tp_basicsize = sizeof(PhraseFilter),
    .tp_dealloc = (destructor)filter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The index and mask tests of a catalogue's phrases (see simulator/phrases/index.py).",
    .tp_methods = filter_methods,
    .tp_init = (initproc)filter_init,
    .tp_new = PyType_GenericNew,
};

/* ---- Fit: search.best_alignment's window tests and alignment ------------------------- */

/* align.py's HOMOPHONE, FUZZY and SOFT (search.py refuses this module if they differ) */
#define HOMOPHONE_COST 0.05
#define FUZZY_COST 0.1
#define SOFT_COST 0.3

/* The syllables of a text or of a phrase, position by position (see pinyin.Syllables). */
typedef struct {
    Py_ssize_t n;
    uint32_t *chars, *tokens;
    Py_ssize_t *strict;  /* toneless pinyin, as numbers (the same string, the same number) */
    uint8_t *particle, *negation;
    long *person;
} Seq;

static PyObject *strict_numbers;  /* toneless pinyin -> its number */

static void seq_free(Seq *q) {
    PyMem_Free(q->chars);
    PyMem_Free(q->tokens);
    PyMem_Free(q->strict);
    PyMem_Free(q->particle);
    PyMem_Free(q->negation);
    PyMem_Free(q->person);
    memset(q, 0, sizeof(Seq));
}

static int read_flags(PyObject *obj, const char *name, Py_ssize_t n, uint8_t *bytes, long *longs) {
    PyObject *value = PyObject_GetAttrString(obj, name);
    if (value == NULL) return -1;
    PyObject *fast = PySequence_Fast(value, "flags must be a sequence");
    Py_DECREF(value);
    if (fast == NULL) return -1;
    if (PySequence_Fast_GET_SIZE(fast) != n) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s has a wrong length", name);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        if (bytes != NULL) {
            int truth = PyObject_IsTrue(item);
            if (truth < 0) {
                Py_DECREF(fast);
                return -1;
            }
            bytes[i] = (uint8_t)truth;
        } else {
            longs[i] = PyLong_AsLong(item);
            if (longs[i] == -1 && PyErr_Occurred()) {
                Py_DECREF(fast);
                return -1;
            }
        }
    }
    Py_DECREF(fast);
    return 0;
}

/* From a Syllables (chars, tokens, strict, particle, negation, person). */
static int seq_read(Seq *q, PyObject *syl) {
    memset(q, 0, sizeof(Seq));
    PyObject *chars = PyObject_GetAttrString(syl, "chars");
    PyObject *tokens = chars ? PyObject_GetAttrString(syl, "tokens") : NULL;
    PyObject *strict = tokens ? PyObject_GetAttrString(syl, "strict") : NULL;
    PyObject *fast = strict ? PySequence_Fast(strict, "strict must be a sequence") : NULL;
    int err = -1;
    if (fast == NULL) goto out;
    if (!PyUnicode_Check(chars) || !PyUnicode_Check(tokens)) {
        PyErr_SetString(PyExc_TypeError, "chars and tokens must be str");
        goto out;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(chars);
    if (PyUnicode_GET_LENGTH(tokens) != n || PySequence_Fast_GET_SIZE(fast) != n) {
        PyErr_SetString(PyExc_ValueError, "the syllables differ in length");
        goto out;
    }
    q->n = n;
    q->chars = PyMem_Malloc(sizeof(uint32_t) * (size_t)(n + 1));
    q->tokens = PyMem_Malloc(sizeof(uint32_t) * (size_t)(n + 1));
    q->strict = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    q->particle = PyMem_Malloc((size_t)n + 1);
    q->negation = PyMem_Malloc((size_t)n + 1);
    q->person = PyMem_Malloc(sizeof(long) * (size_t)(n + 1));
    if (!q->chars || !q->tokens || !q->strict || !q->particle || !q->negation || !q->person) {
        PyErr_NoMemory();
        goto out;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        q->chars[i] = PyUnicode_READ_CHAR(chars, i);
        q->tokens[i] = PyUnicode_READ_CHAR(tokens, i);
        PyObject *s = PySequence_Fast_GET_ITEM(fast, i);
        PyObject *number = PyDict_GetItemWithError(strict_numbers, s);
        if (number == NULL) {
            if (PyErr_Occurred()) goto out;
            number = PyLong_FromSsize_t(PyDict_GET_SIZE(strict_numbers));
            if (number == NULL) goto out;
            int bad = PyDict_SetItem(strict_numbers, s, number);
            Py_DECREF(number);
            if (bad < 0) goto out;
            number = PyDict_GetItemWithError(strict_numbers, s);
            if (number == NULL) goto out;
        }
        q->strict[i] = PyLong_AsSsize_t(number);
    }
    if (read_flags(syl, "particle", n, q->particle, NULL) < 0 ||
        read_flags(syl, "negation", n, q->negation, NULL) < 0 ||
        read_flags(syl, "person", n, NULL, q->person) < 0)
        goto out;
    err = 0;
out:
    Py_XDECREF(chars);
    Py_XDECREF(tokens);
    Py_XDECREF(strict);
    Py_XDECREF(fast);
    if (err) seq_free(q);
    return err;
}

static int has_code_point(PyObject *s, uint32_t cp) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ(kind, data, i) == cp) return 1;
    return 0;
}

/* Text(syllables, soft_words, negations): a text of at most 64 characters; the soft words and
 * the negations as strings of one-character words (pinyin.SOFT_WORDS, pinyin.NEGATIONS). */
typedef struct {
    PyObject_HEAD
    Seq s;
    uint64_t hard;  /* positions that are not soft words (index.PositionBits.hard) */
    uint8_t *cls;   /* 0 hard, 1 soft word, 2 negation (align._classes) */
} Text;

static void text_dealloc(Text *t) {
    seq_free(&t->s);
    PyMem_Free(t->cls);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

static int text_init(Text *t, PyObject *args, PyObject *kwds) {
    PyObject *syl, *soft, *negations;
    if (!PyArg_ParseTuple(args, "OOO:Text", &syl, &soft, &negations)) return -1;
    seq_free(&t->s);
    PyMem_Free(t->cls);
    t->cls = NULL;
    if (seq_read(&t->s, syl) < 0) return -1;
    Py_ssize_t n = t->s.n;
    if (n > 64) {
        PyErr_SetString(PyExc_ValueError, "a Text has at most 64 characters");
        return -1;
    }
    t->cls = PyMem_Malloc((size_t)n + 1);
    if (t->cls == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if (!PyUnicode_Check(soft) || !PyUnicode_Check(negations)) {
        PyErr_SetString(PyExc_TypeError, "soft_words and negations must be str");
        return -1;
    }
    t->hard = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        uint32_t ch = t->s.chars[j], tok = t->s.tokens[j];
        /* PositionBits.hard: every position, XOR the positions of each soft word among the keys
         * (a token or a character); so a position is toggled by its soft character and by a soft
         * token other than its character */
        int toggles = has_code_point(soft, ch) + (tok != ch && has_code_point(soft, tok));
        if (toggles % 2 == 0) t->hard |= (uint64_t)1 << j;
        t->cls[j] = has_code_point(negations, ch) ? 2 : has_code_point(soft, ch) ? 1 : 0;
    }
    return 0;
}

static PyTypeObject TextType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "simulator.phrases._speedups.Text",
    .tp_basicsize = sizeof(Text),
    .tp_dealloc = (destructor)text_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A text's syllables for fit() (at most 64 characters).",
    .tp_init = (initproc)text_init,
    .tp_new = PyType_GenericNew,
};

/* Phrase(compiled): what align.Compiled holds for the window tests and the alignment. */
typedef struct {
    PyObject_HEAD
    Seq s;
    double *weight, *edge;
    double unit, total;
    int is_short;
    CodeSet keys;       /* hard_keys: tokens and characters of the hard positions */
    Py_ssize_t nord;    /* in_order: per hard position in phrase order */
    uint32_t *ord_tok, *ord_ch;
    double *ord_cost;
    Py_ssize_t nmiss;
    double *miss_prefix;  /* miss_prefix[k] = sum(miss_costs[:k]) as Python sums it */
    double *miss;         /* miss_costs, ascending */
    double min_weight;
    int keys_ok;
} Phrase;

static void phrase_dealloc(Phrase *p) {
    seq_free(&p->s);
    PyMem_Free(p->weight);
    PyMem_Free(p->edge);
    PyMem_Free(p->ord_tok);
    PyMem_Free(p->ord_ch);
    PyMem_Free(p->ord_cost);
    PyMem_Free(p->miss_prefix);
    PyMem_Free(p->miss);
    if (p->keys_ok) codeset_free(&p->keys);
    Py_TYPE(p)->tp_free((PyObject *)p);
}

static double *read_doubles(PyObject *obj, const char *name, Py_ssize_t *len) {
    PyObject *value = PyObject_GetAttrString(obj, name);
    if (value == NULL) return NULL;
    PyObject *fast = PySequence_Fast(value, "must be a sequence");
    Py_DECREF(value);
    if (fast == NULL) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    double *out = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    if (out == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
        if (out[i] == -1.0 && PyErr_Occurred()) {
            PyMem_Free(out);
            Py_DECREF(fast);
            return NULL;
        }
    }
    Py_DECREF(fast);
    *len = n;
    return out;
}

static int read_double_attr(PyObject *obj, const char *name, double *out) {
    PyObject *value = PyObject_GetAttrString(obj, name);
    if (value == NULL) return -1;
    *out = PyFloat_AsDouble(value);
    Py_DECREF(value);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* Phrase(compiled, miss_prefix) */
static int phrase_init(Phrase *p, PyObject *args, PyObject *kwds) {
    PyObject *c, *prefix, *syl = NULL, *norm = NULL, *keys = NULL, *joined = NULL, *order = NULL;
    PyObject *is_short = NULL;
    if (!PyArg_ParseTuple(args, "OO:Phrase", &c, &prefix)) return -1;
    int err = -1;
    Py_ssize_t n, len;
    if (p->s.chars != NULL || p->weight != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a Phrase is initialised once");
        return -1;
    }
    syl = PyObject_GetAttrString(c, "syl");
    if (syl == NULL || seq_read(&p->s, syl) < 0) goto out;
    norm = PyObject_GetAttrString(c, "norm");
    if (norm == NULL) goto out;
    if (!PyUnicode_Check(norm) || PyUnicode_GET_LENGTH(norm) != p->s.n) {
        PyErr_SetString(PyExc_ValueError, "norm differs from the phrase's syllables");
        goto out;
    }
    for (Py_ssize_t i = 0; i < p->s.n; i++) {
        if (PyUnicode_READ_CHAR(norm, i) != p->s.chars[i]) {
            PyErr_SetString(PyExc_ValueError, "norm differs from the phrase's syllables");
            goto out;
        }
    }
    n = p->s.n;
    p->weight = read_doubles(c, "weight", &len);
    if (p->weight == NULL) goto out;
    if (len != n) {
        PyErr_SetString(PyExc_ValueError, "weight has a wrong length");
        goto out;
    }
    p->edge = read_doubles(c, "edge", &len);
    if (p->edge == NULL) goto out;
    if (len != n) {
        PyErr_SetString(PyExc_ValueError, "edge has a wrong length");
        goto out;
    }
    if (read_double_attr(c, "unit", &p->unit) < 0 || read_double_attr(c, "total", &p->total) < 0 ||
        read_double_attr(c, "min_weight", &p->min_weight) < 0)
        goto out;
    is_short = PyObject_GetAttrString(c, "short");
    if (is_short == NULL || (p->is_short = PyObject_IsTrue(is_short)) < 0) goto out;
    keys = PyObject_GetAttrString(c, "hard_keys");
    if (keys == NULL) goto out;
    {
        PyObject *empty = PyUnicode_FromString("");
        if (empty == NULL) goto out;
        joined = PyUnicode_Join(empty, keys);
        Py_DECREF(empty);
    }
    if (joined == NULL || PyObject_Length(keys) != PyUnicode_GET_LENGTH(joined)) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a hard key is one code point");
        goto out;
    }
    if (codeset_init(&p->keys, joined) < 0) goto out;
    p->keys_ok = 1;
    order = PyObject_GetAttrString(c, "in_order");
    PyObject *fast = order ? PySequence_Fast(order, "in_order must be a sequence") : NULL;
    if (fast == NULL) goto out;
    p->nord = PySequence_Fast_GET_SIZE(fast);
    p->ord_tok = PyMem_Malloc(sizeof(uint32_t) * (size_t)(p->nord + 1));
    p->ord_ch = PyMem_Malloc(sizeof(uint32_t) * (size_t)(p->nord + 1));
    p->ord_cost = PyMem_Malloc(sizeof(double) * (size_t)(p->nord + 1));
    if (!p->ord_tok || !p->ord_ch || !p->ord_cost) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        goto out;
    }
    for (Py_ssize_t k = 0; k < p->nord; k++) {
        PyObject *tok, *ch;
        double cost;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, k), "OOd", &tok, &ch, &cost)) {
            Py_DECREF(fast);
            goto out;
        }
        p->ord_tok[k] = one_code_point(tok);
        p->ord_ch[k] = one_code_point(ch);
        p->ord_cost[k] = cost;
        if (PyErr_Occurred()) {
            Py_DECREF(fast);
            goto out;
        }
    }
    Py_DECREF(fast);
    fast = PySequence_Fast(prefix, "miss_prefix must be a sequence");
    if (fast == NULL) goto out;
    p->nmiss = PySequence_Fast_GET_SIZE(fast) - 1;
    p->miss_prefix = PyMem_Malloc(sizeof(double) * (size_t)(p->nmiss + 2));
    if (p->miss_prefix == NULL || p->nmiss < 0) {
        Py_DECREF(fast);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto out;
    }
    for (Py_ssize_t k = 0; k <= p->nmiss; k++) {
        p->miss_prefix[k] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, k));
        if (p->miss_prefix[k] == -1.0 && PyErr_Occurred()) {
            Py_DECREF(fast);
            goto out;
        }
    }
    Py_DECREF(fast);
    p->miss = read_doubles(c, "miss_costs", &len);
    if (p->miss == NULL) goto out;
    if (len != p->nmiss || p->nord != p->nmiss) {
        PyErr_SetString(PyExc_ValueError, "miss_costs, its prefix sums and in_order differ in length");
        goto out;
    }
    err = 0;
out:
    Py_XDECREF(syl);
    Py_XDECREF(norm);
    Py_XDECREF(keys);
    Py_XDECREF(joined);
    Py_XDECREF(order);
    Py_XDECREF(is_short);
    return err;
}

static PyTypeObject PhraseType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "simulator.phrases._speedups.Phrase",
    .tp_basicsize = sizeof(Phrase),
    .tp_dealloc = (destructor)phrase_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A compiled phrase for fit().",
    .tp_init = (initproc)phrase_init,
    .tp_new = PyType_GenericNew,
};

static inline uint64_t below(Py_ssize_t k) {  /* bits 0 .. k-1 */
    return k >= 64 ? ~(uint64_t)0 : k <= 0 ? 0 : ((uint64_t)1 << k) - 1;
}

/* The positions j of the text whose token or character is ``key`` (index.position_bits). */
static inline uint64_t where(const Text *t, uint32_t key) {
    uint64_t bits = 0;
    for (Py_ssize_t j = 0; j < t->s.n; j++)
        if (t->s.tokens[j] == key || t->s.chars[j] == key) bits |= (uint64_t)1 << j;
    return bits;
}

static inline int popcount(uint64_t x) { return __builtin_popcountll(x); }

static inline int hard_ok(const Text *t, int first, int last, long hard_span) {
    return popcount((t->hard >> first) & below(last - first + 1)) <= hard_span;
}

/* index.alignable on [lo, hi), hi already clipped to the text (see fit). */
static int alignable(const Phrase *p, const Text *t, Py_ssize_t lo, Py_ssize_t hi, double threshold) {
    uint64_t inside = below(hi) & ~below(lo);
    double limit = p->total * (1 - (threshold - 0.005) / 100) + 1e-9;
    double absent = 0.0;
    Py_ssize_t present = 0;
    uint64_t v = inside;
    for (Py_ssize_t k = 0; k < p->nord; k++) {
        uint64_t m = (where(t, p->ord_tok[k]) | where(t, p->ord_ch[k])) & inside;
        if (!m) {
            absent += p->ord_cost[k];
            if (absent > limit) return 0;
            continue;
        }
        present += 1;
        uint64_t u = v & m;
        v = (v + u) | (v - u);
    }
    Py_ssize_t left_out = present - (hi - lo - popcount(v & inside));
    if (left_out <= 0) return 1;
    if (left_out > p->nmiss) left_out = p->nmiss;  /* (a slice past the end is the whole list) */
    return absent + p->miss_prefix[left_out] <= limit;
}

/* search.best_alignment after its exact-containment and reachability tests, on a text of at most
 * 64 characters (need, span, hard_span: index.need_span at the threshold): index.dense_bits (the
 * window), index.alignable, then align.align in the window with the threshold's cost limit. 0 where
 * the Python code returns None (or an alignment scoring 0); else 1, with the cost of the best
 * alignment and its span (the score is worked out as align does it, by the caller). */
static int fit_core(const Phrase *p, const Text *t, double threshold, long need, long span, long hard_span,
                    double *cost_out, Py_ssize_t *start_out, Py_ssize_t *end_out) {
    Py_ssize_t full = t->s.n, lo = 0, hi = full;
    if (need > 1) {
        uint64_t bits = 0;
        for (Py_ssize_t j = 0; j < full; j++)
            if (codeset_has(&p->keys, t->s.tokens[j]) || codeset_has(&p->keys, t->s.chars[j]))
                bits |= (uint64_t)1 << j;
        int count = popcount(bits);
        if (count < need) return 0;
        int first = __builtin_ctzll(bits), last = 63 - __builtin_clzll(bits);
        if (last - first < span && hard_ok(t, first, last, hard_span)) {
            lo = first + need - span;
            if (lo < 0) lo = 0;
            hi = last - need + 1 + span;
        } else {
            if (count == need) return 0;
            int hits[64], nh = 0;
            for (uint64_t b = bits; b; b &= b - 1) hits[nh++] = __builtin_ctzll(b);
            lo = hi = -1;
            for (int i = 0; i + need - 1 < nh; i++) {
                int f = hits[i], l = hits[i + need - 1];
                if (l - f < span && hard_ok(t, f, l, hard_span)) {
                    if (lo < 0) lo = l + 1 - span > 0 ? l + 1 - span : 0;
                    hi = f + span;
                }
            }
            if (lo < 0) return 0;
        }
        if (hi > full) hi = full;
        if (!alignable(p, t, lo, hi, threshold)) return 0;
    }
    if (hi > full) hi = full;
    Py_ssize_t n = p->s.n, m = hi - lo;
    if (n == 0 || m <= 0) return 0;
    /* align.align */
    const Seq *ps = &p->s, *ts = &t->s;
    double unit = p->unit, kill = p->total;
    double fuzzy = p->is_short ? unit : FUZZY_COST;
    double homophone = n > 1 ? HOMOPHONE_COST : unit;
    const double soft_cost = SOFT_COST;
    double limit = p->total * (1 - (threshold - 0.005) / 100) + 1e-9;
    double ins_base[64], ins_w[64], prev_v[65], cur_v[65];
    Py_ssize_t prev_s[65], cur_s[65];
    double *prev = prev_v, *cur = cur_v;
    Py_ssize_t *prev_start = prev_s, *cur_start = cur_s;
    for (Py_ssize_t j = 0; j < m; j++) {
        uint8_t cls = t->cls[lo + j];
        ins_base[j] = cls == 0 ? unit : cls == 1 ? soft_cost : kill;
    }
    prev[0] = (lo > 0 && ts->negation[lo - 1] && !ps->negation[0]) ? kill : 0.0;
    for (Py_ssize_t j = 0; j < m; j++) prev[j + 1] = ps->negation[0] ? 0.0 : (ts->negation[lo + j] ? kill : 0.0);
    Py_ssize_t a = -1, b = -1;
    for (Py_ssize_t j = 0; j <= m; j++) {
        if (prev[j] <= limit) {
            if (a < 0) a = j;
            b = j;
        }
    }
    if (a < 0) return 0;
    for (Py_ssize_t j = 0; j <= m; j++) prev_start[j] = lo + j;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t a_chr = ps->chars[i], a_tok = ps->tokens[i];
        Py_ssize_t a_syl = ps->strict[i];
        int a_soft = ps->particle[i], a_neg = ps->negation[i];
        long a_per = ps->person[i];
        double w = p->weight[i];
        double hard = unit * w * p->edge[i];
        double dele = a_neg ? kill : a_soft ? soft_cost * w : hard;
        const double *ins = ins_base;
        if (w != 1.0) {
            for (Py_ssize_t j = 0; j < m; j++) ins_w[j] = ins_base[j] * w;
            ins = ins_w;
        }
        for (Py_ssize_t j = 0; j <= m; j++) {
            cur[j] = INFINITY;
            cur_start[j] = lo;
        }
        double v0 = prev[0] + dele;
        cur[0] = v0;
        Py_ssize_t na, nb;
        na = nb = v0 <= limit ? 0 : -1;
        for (Py_ssize_t j = a > 0 ? a - 1 : 0; j < m; j++) {
            double left = cur[j];
            if (j > b && left > limit) break;
            Py_ssize_t tj = lo + j;
            double sub;
            if (a_chr == ts->chars[tj])
                sub = 0.0;
            else if (a_per && ts->person[tj] && a_per != ts->person[tj])
                sub = kill;
            else if (a_syl == ts->strict[tj])
                sub = homophone * w;
            else if (a_tok == ts->tokens[tj])
                sub = fuzzy * w;
            else if (a_neg || ts->negation[tj])
                sub = kill;
            else if (a_soft && ts->particle[tj])
                sub = soft_cost * w;
            else
                sub = hard;
            double best = prev[j] + sub;
            Py_ssize_t start = prev_start[j];
            double d = prev[j + 1] + dele;
            if (d < best) {
                best = d;
                start = prev_start[j + 1];
            }
            double k = left + ins[j];
            if (k < best) {
                best = k;
                start = cur_start[j];
            }
            cur[j + 1] = best;
            cur_start[j + 1] = start;
            if (best <= limit) {
                if (na < 0) na = j + 1;
                nb = j + 1;
            }
        }
        if (na < 0) return 0;
        double *swap = prev;
        prev = cur;
        cur = swap;
        Py_ssize_t *swap_s = prev_start;
        prev_start = cur_start;
        cur_start = swap_s;
        a = na;
        b = nb;
    }
    Py_ssize_t end = 1;
    for (Py_ssize_t j = 2; j <= m; j++)
        if (prev[j] < prev[end]) end = j;
    *cost_out = prev[end];
    *start_out = prev_start[end];
    *end_out = lo + end;
    return 1;
}


/* index.need_span: the hard positions a match within budget must have, the span they lie in, and
 * how many hard text characters it can span (the same arithmetic, in the same order). */
static void need_span(const Phrase *p, double threshold, long *need, long *span, long *hard_span) {
    double budget = p->total * (1 - threshold / 100) + 1e-9;
    Py_ssize_t k = 0;
    double spent = 0.0;
    for (Py_ssize_t i = 0; i < p->nmiss; i++) {
        spent += p->miss[i];
        if (spent > budget) break;
        k++;
    }
    double limit = p->total * (1 - (threshold - 0.005) / 100) + 1e-9;
    *hard_span = (long)p->s.n + (long)(limit / (p->unit * p->min_weight) + 1e-6);
    *need = (long)(p->nord - k);
    *span = (long)p->s.n + (long)(budget / (SOFT_COST * p->min_weight));
}

/* The first position of the phrase's characters in the text, or -1 (str.find). */
static Py_ssize_t find_in(const Phrase *p, const Text *t) {
    Py_ssize_t n = p->s.n, m = t->s.n;
    for (Py_ssize_t k = 0; k + n <= m; k++) {
        Py_ssize_t i = 0;
        while (i < n && t->s.chars[k + i] == p->s.chars[i]) i++;
        if (i == n) return k;
    }
    return -1;
}

/* search._standalone_ok */
static int standalone_ok(const Text *t, Py_ssize_t start, Py_ssize_t end, PyObject *ignored, long slack) {
    long rest = 0;
    for (Py_ssize_t k = 0; k < t->s.n; k++)
        if (!t->s.particle[k] && !(start <= k && k < end) && !has_code_point(ignored, t->s.chars[k])) rest++;
    return rest <= slack;
}

/* round(x, 2), as Python rounds (correctly rounded to hundredths). */
static int round2(double x, double *out) {
    PyObject *value = PyFloat_FromDouble(x);
    if (value == NULL) return -1;
    PyObject *rounded = PyObject_CallMethod(value, "__round__", "i", 2);
    Py_DECREF(value);
    if (rounded == NULL) return -1;
    *out = PyFloat_AsDouble(rounded);
    Py_DECREF(rounded);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* best(phrases, text, threshold, standalone, ignored, slack, explained, make)
 *   -> (index, score, start, end) or None
 * The phrase loop of search.unit_hit, each phrase through best_alignment with the text already
 * found reachable for it (exact containment not just after a negation, else the window tests and
 * the alignment of fit()), for a text of at most 64 characters. ``make(compiled)`` makes (and
 * keeps) a phrase's Phrase when it has none yet. */
static PyObject *best(PyObject *self, PyObject *args) {
    PyObject *phrases, *ignored, *make;
    Text *t;
    double threshold, explained;
    int standalone;
    long slack;
    if (!PyArg_ParseTuple(args, "OO!dpUldO:best", &phrases, &TextType, &t, &threshold, &standalone, &ignored,
                          &slack, &explained, &make))
        return NULL;
    PyObject *fast = PySequence_Fast(phrases, "phrases must be a sequence");
    if (fast == NULL) return NULL;
    Py_ssize_t best_i = -1, best_start = 0, best_end = 0;
    double best_score = 0.0;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast); i++) {
        PyObject *c = PySequence_Fast_GET_ITEM(fast, i);
        PyObject *obj = PyObject_GetAttrString(c, "fast");
        if (obj == NULL) goto fail;
        if (obj == Py_None) {
            Py_DECREF(obj);
            obj = PyObject_CallOneArg(make, c);
            if (obj == NULL) goto fail;
        }
        if (!PyObject_TypeCheck(obj, &PhraseType)) {
            Py_DECREF(obj);
            PyErr_SetString(PyExc_TypeError, "make() must return a Phrase");
            goto fail;
        }
        const Phrase *p = (const Phrase *)obj;
        /* only a better score than the best so far matters (unit_hit) */
        double need = threshold;
        if (best_i >= 0 && best_score + 0.005 > threshold) need = best_score + 0.005;
        double score = 0.0;
        Py_ssize_t start = 0, end = 0, n = p->s.n;
        int found = 0;
        if (n > 0) {
            Py_ssize_t k = find_in(p, t);
            if (k >= 0 && !(k > 0 && t->s.negation[k - 1] && !p->s.negation[0])) {
                score = 100.0;
                start = k;
                end = k + n;
                found = 1;
            } else if (!(k < 0 && n == 1 && need > 50.0)) {
                long dense_need, span, hard_span;
                double cost;
                need_span(p, need, &dense_need, &span, &hard_span);
                if (fit_core(p, t, need, dense_need, span, hard_span, &cost, &start, &end)) {
                    double raw = 100.0 * (1.0 - cost / p->total);
                    if (round2(raw > 0.0 ? raw : 0.0, &score) < 0) {
                        Py_DECREF(obj);
                        goto fail;
                    }
                    found = score >= need;
                }
            }
        }
        Py_DECREF(obj);
        if (!found || (best_i >= 0 && score <= best_score)) continue;
        if (best_i >= 0 && best_score >= explained && best_start <= start && end <= best_end)
            continue;  /* a near-exact longer phrase keeps its words */
        if (standalone && !standalone_ok(t, start, end, ignored, slack)) continue;
        best_i = i;
        best_score = score;
        best_start = start;
        best_end = end;
        if (score >= 100.0) break;
    }
    Py_DECREF(fast);
    if (best_i < 0) Py_RETURN_NONE;
    return Py_BuildValue("(ndnn)", best_i, best_score, best_start, best_end);
fail:
    Py_DECREF(fast);
    return NULL;
}

/* fit(phrase, text, threshold) -> (cost, start, end) or None: fit_core for search._fit. */
static PyObject *fit(PyObject *self, PyObject *args) {
    Phrase *p;
    Text *t;
    double threshold, cost;
    long need, span, hard_span;
    Py_ssize_t start, end;
    if (!PyArg_ParseTuple(args, "O!O!d:fit", &PhraseType, &p, &TextType, &t, &threshold)) return NULL;
    need_span(p, threshold, &need, &span, &hard_span);
    if (!fit_core(p, t, threshold, need, span, hard_span, &cost, &start, &end)) Py_RETURN_NONE;
    return Py_BuildValue("(dnn)", cost, start, end);
}
/* ---- Bound: kindmodel.ScoreBound ------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    double base, unseen, pair_default, again;
    Table unigram, pairs;
} Bound;

static void bound_dealloc(Bound *b) {
    table_free(&b->unigram);
    table_free(&b->pairs);
    Py_TYPE(b)->tp_free((PyObject *)b);
}

static int fill_table(Table *t, PyObject *dict, Py_ssize_t width) {
    if (table_init(t, PyDict_GET_SIZE(dict)) < 0) return -1;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != width) {
            PyErr_Format(PyExc_ValueError, "a key of %zd characters was expected", width);
            return -1;
        }
        uint64_t k = PyUnicode_READ_CHAR(key, 0);
        if (width == 2) k = k << 32 | PyUnicode_READ_CHAR(key, 1);
        double v = PyFloat_AsDouble(value);
        if (v == -1.0 && PyErr_Occurred()) return -1;
        table_put(t, k, v);
    }
    return 0;
}

/* Bound(base, unseen, unigram, pairs, pair_default, again): see kindmodel.ScoreBound. */
static int bound_init(Bound *b, PyObject *args, PyObject *kwds) {
    PyObject *unigram, *pairs;
    if (b->pairs.keys != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a Bound is initialised once");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "ddO!O!dd:Bound", &b->base, &b->unseen, &PyDict_Type, &unigram, &PyDict_Type,
                          &pairs, &b->pair_default, &b->again))
        return -1;
    if (fill_table(&b->unigram, unigram, 1) < 0 || fill_table(&b->pairs, pairs, 2) < 0) return -1;
    return 0;
}

/* bound(norm): the sum of ScoreBound.__call__ over the same terms (in another order: a bound, not
 * a score, compared with the slack that covers the rounding of any order). */
static PyObject *bound_call(Bound *b, PyObject *args, PyObject *kwds) {
    PyObject *norm;
    if (!PyArg_ParseTuple(args, "U:Bound", &norm)) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(norm);
    if (n == 0) return PyFloat_FromDouble(INFINITY);
    int kind = PyUnicode_KIND(norm);
    const void *data = PyUnicode_DATA(norm);
    Table seen;
    if (table_init(&seen, 2 * (n + 1)) < 0) {
        table_free(&seen);
        return NULL;
    }
    double value = b->base;
    /* the sentence's distinct characters whose 1-gram is not known to lower the score */
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t ch = PyUnicode_READ(kind, data, i);
        if (!table_put(&seen, (uint64_t)1 << 63 | ch, 0.0)) continue;
        const double *v = table_get(&b->unigram, ch);
        if (v == NULL)
            value += b->unseen;
        else if (*v > 0)
            value += *v;
    }
    /* the distinct pairs of "^norm$" */
    Py_ssize_t distinct = 0;
    uint64_t left = '^';
    for (Py_ssize_t i = 0; i <= n; i++) {
        uint64_t right = i < n ? PyUnicode_READ(kind, data, i) : '$';
        uint64_t key = left << 32 | right;
        left = right;
        if (!table_put(&seen, key, 0.0)) continue;
        distinct++;
        const double *v = table_get(&b->pairs, key);
        value += v == NULL ? b->pair_default : *v;
    }
    table_free(&seen);
    Py_ssize_t again = n + 1 - distinct;
    return PyFloat_FromDouble(again ? value + (double)again * b->again : value);
}

static PyTypeObject BoundType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "simulator.phrases._speedups.Bound",
    .tp_basicsize = sizeof(Bound),
    .tp_dealloc = (destructor)bound_dealloc,
    .tp_call = (ternaryfunc)bound_call,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "kindmodel.ScoreBound in C: bound(norm) -> an upper bound of the model's score.",
    .tp_init = (initproc)bound_init,
    .tp_new = PyType_GenericNew,
};

/* ---- PatternFilter: index._PatternFilter and Catalogue.pattern_candidates -------------- */

/* PatternFilter(by_gram, always, width, slots, table)
 *   by_gram: dict of a homophone-key character or character pair -> the slots (an int: slot r of
 *   ``width`` bits at bit r * width); always: the slots every text has; table: per alternative,
 *   (unit index, pattern index, the pattern over homophone keys), the same tuple object for the
 *   alternatives of one pattern. */
typedef struct {
    PyObject_HEAD
    Py_ssize_t width, nslots, words;  /* words: 64-bit words of one alternative set */
    Table grams;                      /* gram (a code point, or a pair of them) -> row */
    uint64_t *rows;                   /* per row: nslots * words words */
    uint64_t *always;
    PyObject *table;                  /* tuple of (unit index, pattern index, compiled pattern) */
} PatternFilter;

static void pattern_filter_dealloc(PatternFilter *f) {
    table_free(&f->grams);
    PyMem_Free(f->rows);
    PyMem_Free(f->always);
    Py_XDECREF(f->table);
    Py_TYPE(f)->tp_free((PyObject *)f);
}

/* The bits of a non-negative int into nslots * words words (slot r's bits from bit r * width). */
static int slots_of(PyObject *value, Py_ssize_t width, Py_ssize_t nslots, Py_ssize_t words, uint64_t *out) {
    memset(out, 0, sizeof(uint64_t) * (size_t)(nslots * words));
    PyObject *mask = PyLong_FromUnsignedLongLong(~(uint64_t)0);
    if (mask == NULL) return -1;
    Py_INCREF(value);
    for (Py_ssize_t r = 0; r < nslots; r++) {
        for (Py_ssize_t w = 0; w < words; w++) {
            Py_ssize_t shift = r * width + w * 64;
            PyObject *sh = PyLong_FromSsize_t(shift);
            PyObject *moved = sh ? PyNumber_Rshift(value, sh) : NULL;
            Py_XDECREF(sh);
            PyObject *low = moved ? PyNumber_And(moved, mask) : NULL;
            Py_XDECREF(moved);
            if (low == NULL) {
                Py_DECREF(value);
                Py_DECREF(mask);
                return -1;
            }
            uint64_t bits = PyLong_AsUnsignedLongLong(low);
            Py_DECREF(low);
            if (bits == (uint64_t)-1 && PyErr_Occurred()) {
                Py_DECREF(value);
                Py_DECREF(mask);
                return -1;
            }
            Py_ssize_t left = width - w * 64;  /* bits of this slot in this word */
            if (left < 64) bits &= left <= 0 ? 0 : (((uint64_t)1 << left) - 1);
            out[r * words + w] = bits;
        }
    }
    Py_DECREF(value);
    Py_DECREF(mask);
    return 0;
}

static int pattern_filter_init(PatternFilter *f, PyObject *args, PyObject *kwds) {
    PyObject *by_gram, *always, *table;
    Py_ssize_t width, nslots;
    if (f->rows != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a PatternFilter is initialised once");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "O!OnnO!:PatternFilter", &PyDict_Type, &by_gram, &always, &width, &nslots,
                          &PyTuple_Type, &table))
        return -1;
    if (width < 0 || nslots < 1 || PyTuple_GET_SIZE(table) != width) {
        PyErr_SetString(PyExc_ValueError, "the table must have one entry per alternative");
        return -1;
    }
    f->width = width;
    f->nslots = nslots;
    f->words = (width + 63) / 64;
    if (f->words == 0) f->words = 1;
    Py_ssize_t row_words = nslots * f->words, nrows = PyDict_GET_SIZE(by_gram);
    f->rows = PyMem_Calloc((size_t)(nrows * row_words + 1), sizeof(uint64_t));
    f->always = PyMem_Calloc((size_t)row_words, sizeof(uint64_t));
    if (f->rows == NULL || f->always == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if (table_init(&f->grams, nrows) < 0) return -1;
    if (slots_of(always, width, nslots, f->words, f->always) < 0) return -1;
    PyObject *key, *value;
    Py_ssize_t pos = 0, row = 0;
    while (PyDict_Next(by_gram, &pos, &key, &value)) {
        Py_ssize_t len = PyUnicode_Check(key) ? PyUnicode_GET_LENGTH(key) : 0;
        if (len != 1 && len != 2) {
            PyErr_SetString(PyExc_ValueError, "a gram is one character or a pair");
            return -1;
        }
        uint64_t k = PyUnicode_READ_CHAR(key, 0);
        k = len == 2 ? (k << 32 | PyUnicode_READ_CHAR(key, 1)) : ((uint64_t)1 << 63 | k);
        if (slots_of(value, width, nslots, f->words, f->rows + row * row_words) < 0) return -1;
        table_put(&f->grams, k, (double)row);
        row++;
    }
    for (Py_ssize_t i = 0; i < width; i++) {
        PyObject *entry = PyTuple_GET_ITEM(table, i);
        if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 3) {
            PyErr_SetString(PyExc_ValueError, "a table entry is (unit index, pattern index, pattern)");
            return -1;
        }
    }
    Py_INCREF(table);
    f->table = table;
    return 0;
}

static inline void or_row(const PatternFilter *f, uint64_t *acc, uint64_t gram) {
    const double *row = table_get(&f->grams, gram);
    if (row == NULL) return;
    Py_ssize_t n = f->nslots * f->words;
    const uint64_t *bits = f->rows + (Py_ssize_t)*row * n;
    for (Py_ssize_t i = 0; i < n; i++) acc[i] |= bits[i];
}

/* candidates(key) -> {unit index: [pattern index, ...]}: Catalogue.pattern_candidates for a text
 * with this homophone key (its characters and pairs looked up directly: the same OR as the
 * Python code's piece by piece). */
static PyObject *pattern_filter_candidates(PatternFilter *f, PyObject *args) {
    PyObject *key;
    if (!PyArg_ParseTuple(args, "U:candidates", &key)) return NULL;
    Py_ssize_t n = f->nslots * f->words, words = f->words;
    uint64_t local[256];
    uint64_t *acc = n <= 256 ? local : PyMem_Malloc(sizeof(uint64_t) * (size_t)n);
    if (acc == NULL) return PyErr_NoMemory();
    memcpy(acc, f->always, sizeof(uint64_t) * (size_t)n);
    Py_ssize_t len = PyUnicode_GET_LENGTH(key);
    int kind = PyUnicode_KIND(key);
    const void *data = PyUnicode_DATA(key);
    uint64_t prev = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        uint64_t ch = PyUnicode_READ(kind, data, i);
        or_row(f, acc, (uint64_t)1 << 63 | ch);
        if (i > 0) or_row(f, acc, prev << 32 | ch);
        prev = ch;
    }
    PyObject *out = PyDict_New();
    PyObject *last = NULL;
    if (out == NULL) goto fail;
    for (Py_ssize_t w = 0; w < words; w++) {
        uint64_t found = ~(uint64_t)0;
        for (Py_ssize_t r = 0; r < f->nslots; r++) found &= acc[r * words + w];
        while (found) {
            Py_ssize_t i = w * 64 + __builtin_ctzll(found);
            found &= found - 1;
            if (i >= f->width) break;
            PyObject *entry = PyTuple_GET_ITEM(f->table, i);
            if (entry == last) continue;  /* another alternative of the pattern just searched */
            last = entry;
            PyObject *match = PyObject_CallMethod(PyTuple_GET_ITEM(entry, 2), "search", "O", key);
            if (match == NULL) goto fail;
            int hit = match != Py_None;
            Py_DECREF(match);
            if (!hit) continue;
            PyObject *ui = PyTuple_GET_ITEM(entry, 0), *pi = PyTuple_GET_ITEM(entry, 1);
            PyObject *list = PyDict_GetItemWithError(out, ui);
            if (list == NULL) {
                if (PyErr_Occurred()) goto fail;
                list = PyList_New(0);
                if (list == NULL) goto fail;
                int bad = PyDict_SetItem(out, ui, list);
                Py_DECREF(list);
                if (bad < 0) goto fail;
            }
            if (PyList_Append(list, pi) < 0) goto fail;
        }
    }
    if (acc != local) PyMem_Free(acc);
    return out;
fail:
    Py_XDECREF(out);
    if (acc != local) PyMem_Free(acc);
    return NULL;
}

static PyMethodDef pattern_filter_methods[] = {
    {"candidates", (PyCFunction)pattern_filter_candidates, METH_VARARGS,
     "candidates(key) -> dict: Catalogue.pattern_candidates for a text's homophone key"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PatternFilterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "simulator.phrases._speedups.PatternFilter",
    .tp_basicsize = sizeof(PatternFilter),
    .tp_dealloc = (destructor)pattern_filter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The pattern prefilter of a catalogue (see simulator/phrases/index.py).",
    .tp_methods = pattern_filter_methods,
    .tp_init = (initproc)pattern_filter_init,
    .tp_new = PyType_GenericNew,
};

/* ---- join: pinyin._join ----------------------------------------------------------------- */

enum { READING_FIELDS = 8 };
/* A reading (pinyin._ChunkReading): strict, tokens, mask, keys, own token bits, particle,
 * negation, person. How each field of the parts is joined: */
static const char READING_JOIN[READING_FIELDS] = {'t', 's', '|', 'k', '|', 't', 't', 't'};

/* join(parts) -> the reading of the parts side by side (pinyin._join): each tuple field
 * concatenated, the tokens joined, the bits ORed and the keys united. */
static PyObject *join(PyObject *self, PyObject *arg) {
    PyObject *fast = PySequence_Fast(arg, "parts must be a sequence");
    if (fast == NULL) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    PyObject **parts = PySequence_Fast_ITEMS(fast);
    PyObject *out = NULL;
    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "nothing to join");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyTuple_Check(parts[i]) || PyTuple_GET_SIZE(parts[i]) != READING_FIELDS) {
            PyErr_SetString(PyExc_TypeError, "a part is a reading (a tuple of 8 fields)");
            goto done;
        }
    }
    if (n == 1) {
        out = parts[0];
        Py_INCREF(out);
        goto done;
    }
    out = PyTuple_New(READING_FIELDS);
    if (out == NULL) goto done;
    for (int f = 0; f < READING_FIELDS; f++) {
        PyObject *value = NULL;
        if (READING_JOIN[f] == 't') {
            Py_ssize_t total = 0;
            for (Py_ssize_t i = 0; i < n; i++) {
                PyObject *item = PyTuple_GET_ITEM(parts[i], f);
                if (!PyTuple_Check(item)) {
                    PyErr_SetString(PyExc_TypeError, "a reading's flags are tuples");
                    goto fail;
                }
                total += PyTuple_GET_SIZE(item);
            }
            value = PyTuple_New(total);
            if (value == NULL) goto fail;
            Py_ssize_t at = 0;
            for (Py_ssize_t i = 0; i < n; i++) {
                PyObject *item = PyTuple_GET_ITEM(parts[i], f);
                for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(item); k++) {
                    PyObject *x = PyTuple_GET_ITEM(item, k);
                    Py_INCREF(x);
                    PyTuple_SET_ITEM(value, at++, x);
                }
            }
        } else if (READING_JOIN[f] == 's') {
            PyObject *pieces = PyTuple_New(n), *empty = PyUnicode_FromString("");
            if (pieces == NULL || empty == NULL) {
                Py_XDECREF(pieces);
                Py_XDECREF(empty);
                goto fail;
            }
            for (Py_ssize_t i = 0; i < n; i++) {
                PyObject *x = PyTuple_GET_ITEM(parts[i], f);
                Py_INCREF(x);
                PyTuple_SET_ITEM(pieces, i, x);
            }
            value = PyUnicode_Join(empty, pieces);
            Py_DECREF(pieces);
            Py_DECREF(empty);
        } else if (READING_JOIN[f] == '|') {
            value = PyTuple_GET_ITEM(parts[0], f);
            Py_INCREF(value);
            for (Py_ssize_t i = 1; i < n && value != NULL; i++) {
                PyObject *next = PyNumber_Or(value, PyTuple_GET_ITEM(parts[i], f));
                Py_DECREF(value);
                value = next;
            }
        } else {  /* the keys: a new frozenset, filled before anyone sees it */
            value = PyFrozenSet_New(PyTuple_GET_ITEM(parts[0], f));
            for (Py_ssize_t i = 1; i < n && value != NULL; i++) {
                PyObject *iter = PyObject_GetIter(PyTuple_GET_ITEM(parts[i], f)), *key;
                if (iter == NULL) {
                    Py_CLEAR(value);
                    break;
                }
                while ((key = PyIter_Next(iter)) != NULL) {
                    int bad = PySet_Add(value, key);
                    Py_DECREF(key);
                    if (bad < 0) break;
                }
                Py_DECREF(iter);
                if (PyErr_Occurred()) Py_CLEAR(value);
            }
        }
        if (value == NULL) goto fail;
        PyTuple_SET_ITEM(out, f, value);
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    Py_DECREF(fast);
    return out;
}

static PyMethodDef module_methods[] = {
    {"join", join, METH_O, "join(parts) -> the readings of consecutive pieces as one (pinyin._join)"},
    {"best", best, METH_VARARGS,
     "best(phrases, text, threshold, standalone, ignored, slack, explained, make) -> "
     "(index, score, start, end) or None"},
    {"fit", fit, METH_VARARGS,
     "fit(phrase, text, threshold) -> (cost, start, end) or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_speedups",
    "Optional C versions of the phrase index's per-text tests (see speedups.py).", -1, module_methods,
};

PyMODINIT_FUNC PyInit__speedups(void) {
    if (PyType_Ready(&PhraseFilterType) < 0 || PyType_Ready(&TextType) < 0 || PyType_Ready(&PhraseType) < 0 ||
        PyType_Ready(&BoundType) < 0 ||
        PyType_Ready(&PatternFilterType) < 0)
        return NULL;
    strict_numbers = PyDict_New();
    if (strict_numbers == NULL) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    if (PyModule_AddObjectRef(m, "PhraseFilter", (PyObject *)&PhraseFilterType) < 0 ||
        PyModule_AddObjectRef(m, "Text", (PyObject *)&TextType) < 0 ||
        PyModule_AddObjectRef(m, "Phrase", (PyObject *)&PhraseType) < 0 ||
        PyModule_AddObjectRef(m, "Bound", (PyObject *)&BoundType) < 0 ||
        PyModule_AddObjectRef(m, "PatternFilter", (PyObject *)&PatternFilterType) < 0 ||
        PyModule_AddStringConstant(m, "SOURCE_DIGEST", SOURCE_DIGEST) < 0 ||
        PyModule_AddObject(m, "COSTS", Py_BuildValue("(ddd)", HOMOPHONE_COST, FUZZY_COST, SOFT_COST)) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
