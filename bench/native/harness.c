/*
 * Native TA-Lib timing harness for the indicator benchmark.
 * Usage: harness <candles.bin> <runs> [INDICATOR]
 * candles.bin: int64 n (little-endian), then n doubles each of open, high, low, close, volume.
 * Calls each TA_* function (or only INDICATOR, e.g. RSI) on preallocated double arrays: one warm-up pass,
 * then <runs> passes interleaving the indicators; prints the median, all run times and the last output
 * values as JSON.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ta_libc.h"

#define NIND 14
#define MAXOUT 3

static const char *NAMES[NIND] = {"SMA", "EMA", "RSI", "MACD", "BBANDS", "ATR", "STOCH", "ADX", "OBV", "MFI",
                                   "CDLENGULFING", "CDLHAMMER", "CDLDOJI", "CDLMORNINGSTAR"};

static int n;
static double *o_, *h_, *l_, *c_, *v_;
static double *out[MAXOUT];
/* The candlestick patterns write integers (-100 / 0 / 100); copied into out[0] after each call. */
static int *iout;
static int beg[NIND], nb[NIND], nout[NIND];
static TA_RetCode rc[NIND];

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void run_one(int k) {
  int e = n - 1;
  switch (k) {
    case 0: rc[k] = TA_SMA(0, e, c_, 20, &beg[k], &nb[k], out[0]); nout[k] = 1; break;
    case 1: rc[k] = TA_EMA(0, e, c_, 20, &beg[k], &nb[k], out[0]); nout[k] = 1; break;
    case 2: rc[k] = TA_RSI(0, e, c_, 14, &beg[k], &nb[k], out[0]); nout[k] = 1; break;
    case 3: rc[k] = TA_MACD(0, e, c_, 12, 26, 9, &beg[k], &nb[k], out[0], out[1], out[2]); nout[k] = 3; break;
    case 4: rc[k] = TA_BBANDS(0, e, c_, 20, 2.0, 2.0, TA_MAType_SMA, &beg[k], &nb[k], out[0], out[1], out[2]); nout[k] = 3; break;
    case 5: rc[k] = TA_ATR(0, e, h_, l_, c_, 14, &beg[k], &nb[k], out[0]); nout[k] = 1; break;
    case 6: rc[k] = TA_STOCH(0, e, h_, l_, c_, 14, 3, TA_MAType_SMA, 3, TA_MAType_SMA, &beg[k], &nb[k], out[0], out[1]); nout[k] = 2; break;
    case 7: rc[k] = TA_ADX(0, e, h_, l_, c_, 14, &beg[k], &nb[k], out[0]); nout[k] = 1; break;
    case 8: rc[k] = TA_OBV(0, e, c_, v_, &beg[k], &nb[k], out[0]); nout[k] = 1; break;
    case 9: rc[k] = TA_MFI(0, e, h_, l_, c_, v_, 14, &beg[k], &nb[k], out[0]); nout[k] = 1; break;
    case 10: rc[k] = TA_CDLENGULFING(0, e, o_, h_, l_, c_, &beg[k], &nb[k], iout); nout[k] = -1; break;
    case 11: rc[k] = TA_CDLHAMMER(0, e, o_, h_, l_, c_, &beg[k], &nb[k], iout); nout[k] = -1; break;
    case 12: rc[k] = TA_CDLDOJI(0, e, o_, h_, l_, c_, &beg[k], &nb[k], iout); nout[k] = -1; break;
    case 13: rc[k] = TA_CDLMORNINGSTAR(0, e, o_, h_, l_, c_, 0.3, &beg[k], &nb[k], iout); nout[k] = -1; break;
  }
}

/* The last output of indicator k (integer outputs: nout -1). */
static double last_value(int k, int j) {
  if (nb[k] <= 0) return 0.0;
  return nout[k] < 0 ? (double)iout[nb[k] - 1] : out[j][nb[k] - 1];
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double *read_series(FILE *f) {
  double *p = malloc(sizeof(double) * (size_t)n);
  if (p == NULL || fread(p, sizeof(double), (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "harness: short read\n");
    exit(1);
  }
  return p;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: harness <candles.bin> <runs> [INDICATOR]\n");
    return 2;
  }
  int runs = atoi(argv[2]);
  if (runs < 1) runs = 1;
  int selected[NIND];
  for (int k = 0; k < NIND; k++) selected[k] = argc < 4 || strcmp(argv[3], NAMES[k]) == 0;
  FILE *f = fopen(argv[1], "rb");
  if (f == NULL) {
    perror("harness: open");
    return 1;
  }
  int64_t n64;
  if (fread(&n64, sizeof n64, 1, f) != 1 || n64 < 100) {
    fprintf(stderr, "harness: bad header\n");
    return 1;
  }
  n = (int)n64;
  o_ = read_series(f);
  h_ = read_series(f);
  l_ = read_series(f);
  c_ = read_series(f);
  v_ = read_series(f);
  fclose(f);
  for (int i = 0; i < MAXOUT; i++) out[i] = malloc(sizeof(double) * (size_t)n);
  iout = malloc(sizeof(int) * (size_t)n);

  if (TA_Initialize() != TA_SUCCESS) {
    fprintf(stderr, "harness: TA_Initialize failed\n");
    return 1;
  }
  double *times = malloc(sizeof(double) * (size_t)runs * NIND);
  for (int k = 0; k < NIND; k++)
    if (selected[k]) run_one(k); /* warm-up: page in inputs and outputs */
  for (int r = 0; r < runs; r++) {
    for (int k = 0; k < NIND; k++) {
      if (!selected[k]) continue;
      double t0 = now_ms();
      run_one(k);
      times[k * runs + r] = now_ms() - t0;
    }
  }
  /* Rerun each indicator once, untimed, to read its last outputs (the buffers are shared). */
  printf("{\"version\":\"%s\",\"n\":%d,\"runs\":%d,\"results\":{", TA_GetVersionString(), n, runs);
  int printed = 0;
  for (int k = 0; k < NIND; k++) {
    if (!selected[k]) continue;
    double *t = times + k * runs;
    double *sorted = malloc(sizeof(double) * (size_t)runs);
    memcpy(sorted, t, sizeof(double) * (size_t)runs);
    qsort(sorted, (size_t)runs, sizeof(double), cmp_double);
    double median = runs % 2 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
    free(sorted);
    run_one(k);
    printf("%s\"%s\":{\"retCode\":%d,\"begIdx\":%d,\"nbElement\":%d,\"medianMs\":%.6f,\"runsMs\":[", printed++ ? "," : "", NAMES[k], (int)rc[k], beg[k], nb[k], median);
    for (int r = 0; r < runs; r++) printf("%s%.6f", r ? "," : "", t[r]);
    printf("],\"last\":[");
    int outputs = nout[k] < 0 ? 1 : nout[k];
    for (int j = 0; j < outputs; j++) printf("%s%.17g", j ? "," : "", last_value(k, j));
    printf("]}");
  }
  printf("}}\n");
  TA_Shutdown();
  return 0;
}
