"""Trading API: market data and a paper-trading broker over REST and WebSockets."""
