package io.audioinsight.config;

/** How log lines are written: {@code text}, one readable line each, or {@code json}, one JSON object each. */
public enum LogFormat { TEXT, JSON }
