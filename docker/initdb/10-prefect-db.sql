-- The Prefect server keeps its own database beside chidao's.
CREATE DATABASE prefect OWNER chidao;
