import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
@Module({})
class M {}
async function main() { const app = await NestFactory.create(M); await app.listen(3999); console.log('ok'); await app.close(); }
void main();
