/*
 * libwbxml in-process baseline for the codec benchmark: the same corpus, the same two directions as
 * bench/codec.ts (XML text -> WBXML 1.2 without string table; WBXML -> compact XML), timed the same
 * way. Built and run by bench/libwbxml/run.sh (needs a C compiler and libwbxml2-dev).
 * Prints `libwbxml xml->wbxml <N> msgs/s` and `libwbxml wbxml->xml <N> msgs/s`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wbxml/wbxml.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static WB_UTINY *slurp(const char *path, WB_ULONG *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  WB_UTINY *buf = malloc(n + 1);
  if (fread(buf, 1, n, f) != (size_t)n) { perror(path); exit(1); }
  buf[n] = 0;
  fclose(f);
  *len = n;
  return buf;
}

static int to_wbxml(WB_UTINY *xml, WB_ULONG len, WB_UTINY **out, WB_ULONG *out_len) {
  WBXMLConvXML2WBXML *conv = NULL;
  if (wbxml_conv_xml2wbxml_create(&conv) != WBXML_OK) return 0;
  wbxml_conv_xml2wbxml_set_version(conv, WBXML_VERSION_12);
  wbxml_conv_xml2wbxml_disable_string_table(conv);
  WBXMLError ret = wbxml_conv_xml2wbxml_run(conv, xml, len, out, out_len);
  wbxml_conv_xml2wbxml_destroy(conv);
  return ret == WBXML_OK;
}

static int to_xml(WB_UTINY *wbxml, WB_ULONG len, WB_UTINY **out, WB_ULONG *out_len) {
  WBXMLConvWBXML2XML *conv = NULL;
  if (wbxml_conv_wbxml2xml_create(&conv) != WBXML_OK) return 0;
  wbxml_conv_wbxml2xml_set_gen_type(conv, WBXML_GEN_XML_COMPACT);
  WBXMLError ret = wbxml_conv_wbxml2xml_run(conv, wbxml, len, out, out_len);
  wbxml_conv_wbxml2xml_destroy(conv);
  return ret == WBXML_OK;
}

int main(int argc, char **argv) {
  double seconds = getenv("SCOMO_BENCH_SECONDS") ? atof(getenv("SCOMO_BENCH_SECONDS")) : 3.0;
  int n = argc - 1;
  WB_UTINY **xml = calloc(n, sizeof *xml), **wb = calloc(n, sizeof *wb);
  WB_ULONG *xml_len = calloc(n, sizeof *xml_len), *wb_len = calloc(n, sizeof *wb_len);
  for (int i = 0; i < n; i++) {
    xml[i] = slurp(argv[i + 1], &xml_len[i]);
    if (!to_wbxml(xml[i], xml_len[i], &wb[i], &wb_len[i])) { fprintf(stderr, "xml2wbxml failed: %s\n", argv[i + 1]); return 1; }
  }
  for (int dir = 0; dir < 2; dir++) {
    long done = 0;
    double start = now(), elapsed = 0;
    while (elapsed < seconds) {
      for (int i = 0; i < n; i++) {
        WB_UTINY *out = NULL;
        WB_ULONG out_len = 0;
        int ok = dir == 0 ? to_wbxml(xml[i], xml_len[i], &out, &out_len) : to_xml(wb[i], wb_len[i], &out, &out_len);
        if (!ok) { fprintf(stderr, "conversion failed\n"); return 1; }
        free(out);
      }
      done += n;
      elapsed = now() - start;
    }
    printf("libwbxml %s %.0f msgs/s\n", dir == 0 ? "xml->wbxml" : "wbxml->xml", done / elapsed);
  }
  return 0;
}
